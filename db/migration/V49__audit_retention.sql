-- Retention: events older than portal.audit.retention are exported to a file and then removed, up to (not
-- including) a checkpoint event, which stays as the first kept event and anchors the rest of the chain
-- (audit_verification.pruned_through and pruned_hash say where the kept chain starts).
--
-- The trigger still refuses every UPDATE and TRUNCATE, and every DELETE except inside audit_prune(), which runs as
-- the table's owner (security definer): the runtime role has no DELETE on audit_event, only EXECUTE on this
-- function, and the function removes only a prefix of the chain that ends just before a checkpoint and is older
-- than audit_prune_policy.min_age (owned by the owner; the runtime role can only read it).

create table audit_prune_policy (
    id      smallint primary key check (id = 1),
    min_age interval not null
);
insert into audit_prune_policy values (1, interval '30 days');

create or replace function audit_event_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('audit.pruning', true) = 'on' then
        return old;
    end if;
    raise exception 'audit_event is append-only: % is not allowed', tg_op;
end;
$$;

create function audit_prune(through_id bigint) returns bigint
    language plpgsql security definer set search_path = public as $$
declare
    removed bigint;
begin
    if not exists (select 1 from audit_event where id = through_id + 1 and action = 'audit.checkpoint') then
        raise exception 'audit_prune: event % is not the one just before a checkpoint', through_id;
    end if;
    if exists (select 1 from audit_event where id = through_id
               and occurred_at > now() - (select min_age from audit_prune_policy where id = 1)) then
        raise exception 'audit_prune: event % is younger than the minimum age', through_id;
    end if;
    perform set_config('audit.pruning', 'on', true);
    delete from audit_event where id <= through_id;
    get diagnostics removed = row_count;
    perform set_config('audit.pruning', 'off', true);
    return removed;
end;
$$;

revoke all on function audit_prune(bigint) from public;
