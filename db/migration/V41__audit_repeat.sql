-- Rate limit of repeated identical audit events (a refused sign-in tried again and again, someone probing another
-- person's key): one row per kind of repetition (repeat_key: action, who, what). An event is written when the last
-- one of its kind is older than portal.audit.repeat-interval; meanwhile repeats are only counted (suppressed), and
-- the next event written says how many there were. Not part of the hash-chained trail.
create table audit_repeat (
    repeat_key       varchar(1024) primary key,
    last_recorded_at timestamptz,
    suppressed       integer not null default 0
);
create index audit_repeat_last_idx on audit_repeat (last_recorded_at);
