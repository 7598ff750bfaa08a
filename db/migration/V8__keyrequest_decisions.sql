-- Approvals: what was asked is kept apart from what was granted; who decided, when and why.
alter table key_request add column asked_models text[];
alter table key_request add column asked_max_budget numeric(12,2);
alter table key_request add column asked_budget_duration varchar(16);
alter table key_request add column asked_duration varchar(16);
alter table key_request add column asked_rpm_limit integer;
alter table key_request add column asked_tpm_limit integer;
alter table key_request add column asked_max_parallel_requests integer;

update key_request set asked_models = models, asked_max_budget = max_budget,
    asked_budget_duration = budget_duration, asked_duration = duration, asked_rpm_limit = rpm_limit,
    asked_tpm_limit = tpm_limit, asked_max_parallel_requests = max_parallel_requests;

alter table key_request alter column asked_models set not null;
alter table key_request alter column asked_max_budget set not null;

-- the LiteLLM user id of the approver, or 'policy' for an auto-approved request
alter table key_request add column approved_by varchar(320);
update key_request set approved_by = 'policy' where status in ('ISSUING', 'ISSUED', 'FAILED');

alter table key_request add column decided_by uuid references portal_user (id);
alter table key_request add column decided_by_name varchar(255);
alter table key_request add column decided_at timestamptz;
alter table key_request add column decision_reason varchar(1000);

create index key_request_pending_idx on key_request (status, team, created_at) where status = 'PENDING_APPROVAL';
