-- My keys and the home page show a key's spend from this copy instead of asking LiteLLM on every view, so it also
-- keeps what those pages showed from LiteLLM besides spend and budget: the soft budget (an alert threshold) and
-- whether LiteLLM blocks the key.
alter table key_budget_state add column soft_budget numeric(16,6);
alter table key_budget_state add column blocked boolean not null default false;
