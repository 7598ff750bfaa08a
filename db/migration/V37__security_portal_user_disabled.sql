-- A person an administrator has switched off (offboarding): no sign-in, no session, until re-enabled. Null while
-- the person may use the portal; who did it and why is in the audit trail.
alter table portal_user add column disabled_at timestamptz;
