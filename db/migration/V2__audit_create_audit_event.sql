-- Append-only, hash-chained audit trail. Each row carries the hash of the previous one.
create table audit_event (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz  not null,
    actor_id     uuid,
    actor_name   varchar(320) not null,
    action       varchar(64)  not null,
    subject_type varchar(32)  not null,
    subject_id   varchar(64)  not null,
    request_id   uuid,
    before_value text,
    after_value  text,
    prev_hash    char(64)     not null,
    hash         char(64)     not null unique
);

create index audit_event_subject_idx on audit_event (subject_type, subject_id);
create index audit_event_request_idx on audit_event (request_id);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % is not allowed', tg_op;
end;
$$;

create trigger audit_event_no_update_delete
    before update or delete on audit_event
    for each row execute function audit_event_append_only();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_append_only();
