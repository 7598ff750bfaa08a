-- Keys issued through the portal: only the token hash and the masked name, never the key.
create table issued_key (
    id                    uuid primary key,
    owner_id              uuid          not null references portal_user (id),
    request_id            uuid          not null,
    token_hash            varchar(64)   not null,
    key_name              varchar(32)   not null,
    key_alias             varchar(64)   not null,
    litellm_alias         varchar(128)  not null,
    models                text[]        not null,
    max_budget            numeric(12,2) not null,
    budget_duration       varchar(16),
    expires_at            timestamptz,
    rpm_limit             integer,
    tpm_limit             integer,
    max_parallel_requests integer,
    team                  varchar(128),
    status                varchar(16)   not null,
    created_at            timestamptz   not null,
    version               bigint        not null default 0,
    constraint issued_key_token_hash_uk unique (token_hash),
    constraint issued_key_request_uk unique (request_id)
);

create index issued_key_owner_idx on issued_key (owner_id, created_at desc);
