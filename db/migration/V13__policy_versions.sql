-- Every version of every key policy: the values it had, who made it and when (DESIGN: policies are versioned).
-- A row is written in the same transaction as the change; key_request.policy_version names one of these.
create table key_policy_version (
    policy_id       uuid         not null references key_policy (id),
    policy_version  integer      not null,
    snapshot        jsonb        not null,
    changed_by      uuid         references portal_user (id),
    changed_by_name varchar(255) not null,
    changed_at      timestamptz  not null,
    constraint key_policy_version_pk primary key (policy_id, policy_version)
);

-- The policies that exist now (the global one seeded by V3) as they are, attributed to the migration.
-- Keys are the admin form's field names, like every later snapshot.
insert into key_policy_version (policy_id, policy_version, snapshot, changed_by, changed_by_name, changed_at)
select id, policy_version, jsonb_build_object(
        'default_models', to_jsonb(default_models),
        'approval_models', to_jsonb(approval_models),
        'forbidden_models', to_jsonb(forbidden_models),
        'default_max_budget', default_max_budget,
        'ceiling_max_budget', ceiling_max_budget,
        'bound_max_budget', bound_max_budget,
        'default_budget_duration', default_budget_duration,
        'ceiling_budget_duration', ceiling_budget_duration,
        'bound_budget_duration', bound_budget_duration,
        'default_duration', default_duration,
        'ceiling_duration', ceiling_duration,
        'bound_duration', bound_duration,
        'default_rpm_limit', default_rpm_limit,
        'ceiling_rpm_limit', ceiling_rpm_limit,
        'bound_rpm_limit', bound_rpm_limit,
        'default_tpm_limit', default_tpm_limit,
        'ceiling_tpm_limit', ceiling_tpm_limit,
        'bound_tpm_limit', bound_tpm_limit,
        'default_max_parallel_requests', default_max_parallel,
        'ceiling_max_parallel_requests', ceiling_max_parallel,
        'bound_max_parallel_requests', bound_max_parallel,
        'max_keys_per_person', max_keys_per_person,
        'max_total_budget_per_person', max_total_budget_per_person,
        'require_expiry', require_expiry),
    null, 'Key Portal (initial policy)', updated_at
from key_policy;
