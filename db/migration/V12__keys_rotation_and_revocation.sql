-- A rotated key points at the key it replaced, so history and spend carry over; revocation is recorded.
alter table issued_key add column replaces_key_id uuid references issued_key (id);
alter table issued_key add column revoked_at timestamptz;
alter table issued_key add column revoked_by varchar(255);
