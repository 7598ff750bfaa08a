-- Admins browse the trail newest first, a page at a time by id (keyset), filtered by person, key, request, action,
-- outcome and date. Each filter has an index that ends in id, so a page reads about 50 index entries however long
-- the trail is.

-- What an event came to, derived from its action (the action is hashed, so this cannot be changed on its own)
alter table audit_event add column outcome varchar(16) generated always as (
    case when action ~ '(refused|denied|conflict)$' then 'refused'
         when action ~ '(failed|outcome_unknown)$' then 'failed'
         else 'succeeded' end) stored;

create index audit_event_actor_idx on audit_event (actor_id, id);
drop index audit_event_subject_idx;
create index audit_event_subject_idx on audit_event (subject_type, subject_id, id);
drop index audit_event_request_idx;
create index audit_event_request_idx on audit_event (request_id, id);
create index audit_event_action_idx on audit_event (action, id);
create index audit_event_outcome_idx on audit_event (outcome, id);
create index audit_event_occurred_idx on audit_event (occurred_at);
