-- Key policy: for each parameter a default, an auto-approve ceiling and a hard bound.
-- team is null for the global policy; a team row overrides it for that team's people.
create table key_policy (
    id                          uuid primary key,
    team                        varchar(128),
    policy_version              integer       not null,
    default_models              text[]        not null,
    approval_models             text[]        not null,
    forbidden_models            text[]        not null,
    default_max_budget          numeric(12,2) not null,
    ceiling_max_budget          numeric(12,2) not null,
    bound_max_budget            numeric(12,2) not null,
    default_budget_duration     varchar(16),
    ceiling_budget_duration     varchar(16),
    bound_budget_duration       varchar(16),
    default_duration            varchar(16)   not null,
    ceiling_duration            varchar(16)   not null,
    bound_duration              varchar(16)   not null,
    default_rpm_limit           integer,
    ceiling_rpm_limit           integer,
    bound_rpm_limit             integer,
    default_tpm_limit           integer,
    ceiling_tpm_limit           integer,
    bound_tpm_limit             integer,
    default_max_parallel        integer,
    ceiling_max_parallel        integer,
    bound_max_parallel          integer,
    max_keys_per_person         integer       not null,
    max_total_budget_per_person numeric(12,2) not null,
    require_expiry              boolean       not null,
    updated_at                  timestamptz   not null,
    version                     bigint        not null default 0
);

create unique index key_policy_team_uk on key_policy (coalesce(team, ''));

insert into key_policy (id, team, policy_version,
    default_models, approval_models, forbidden_models,
    default_max_budget, ceiling_max_budget, bound_max_budget,
    default_budget_duration, ceiling_budget_duration, bound_budget_duration,
    default_duration, ceiling_duration, bound_duration,
    default_rpm_limit, ceiling_rpm_limit, bound_rpm_limit,
    default_tpm_limit, ceiling_tpm_limit, bound_tpm_limit,
    default_max_parallel, ceiling_max_parallel, bound_max_parallel,
    max_keys_per_person, max_total_budget_per_person, require_expiry, updated_at)
values ('00000000-0000-0000-0000-000000000001', null, 1,
    '{}', '{premium-models}', '{}',
    10.00, 25.00, 500.00,
    '30d', '7d', '1d',
    '90d', '90d', '365d',
    60, 600, 6000,
    100000, 1000000, 10000000,
    5, 20, 100,
    10, 1000.00, true, now());
