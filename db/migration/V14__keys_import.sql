-- Keys adopted from LiteLLM may have no budget there; the portal keeps what LiteLLM says.
alter table issued_key alter column max_budget drop not null;
alter table key_request alter column max_budget drop not null;
alter table key_request alter column asked_max_budget drop not null;
