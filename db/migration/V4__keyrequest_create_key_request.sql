-- A request for a key and its life cycle (DESIGN: the key request cycle).
create table key_request (
    id                    uuid primary key,
    requester_id          uuid         not null references portal_user (id),
    submission_id         uuid         not null,
    status                varchar(32)  not null,
    key_alias             varchar(64)  not null,
    purpose               varchar(500) not null,
    models                text[]       not null,
    max_budget            numeric(12,2) not null,
    budget_duration       varchar(16),
    duration              varchar(16),
    rpm_limit             integer,
    tpm_limit             integer,
    max_parallel_requests integer,
    team                  varchar(128),
    policy_id             uuid         not null references key_policy (id),
    policy_version        integer      not null,
    litellm_alias         varchar(128) not null,
    outcome_message       varchar(1000),
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    version               bigint       not null default 0,
    constraint key_request_submission_uk unique (requester_id, submission_id),
    constraint key_request_litellm_alias_uk unique (litellm_alias)
);

create index key_request_requester_idx on key_request (requester_id, created_at desc);
create index key_request_status_idx on key_request (status, updated_at);
