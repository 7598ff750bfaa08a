-- How far verification has checked the audit trail's hash chain, in one row: intact through verified_through
-- (whose hash the next event's prev_hash must equal), or broken at broken_at. pruned_through and pruned_hash are
-- where the kept chain starts (0 and 64 zeros until events are pruned): a walk from the start begins there.
create table audit_verification (
    id               smallint primary key check (id = 1),
    verified_through bigint      not null,
    verified_hash    char(64)    not null,
    verified_at      timestamptz,
    broken_at        bigint,
    problem          varchar(200),
    broken_found_at  timestamptz,
    pruned_through   bigint      not null,
    pruned_hash      char(64)    not null
);

insert into audit_verification (id, verified_through, verified_hash, pruned_through, pruned_hash)
values (1, 0, repeat('0', 64), 0, repeat('0', 64));
