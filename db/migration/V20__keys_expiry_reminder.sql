-- When the owner was reminded that the key expires soon: each key is reminded once, by whichever instance runs
-- the reminder job first.
alter table issued_key add column expiry_reminded_at timestamptz;

create index issued_key_expiring_idx on issued_key (expires_at)
    where status = 'ACTIVE' and expiry_reminded_at is null;
