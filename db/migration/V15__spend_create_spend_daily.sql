-- Spend copied from LiteLLM, one row per day, key and model, so dashboards are fast and keep history after a key
-- is deleted or rotated.
create table spend_daily (
    day         date          not null,
    token_hash  varchar(64)   not null,
    model       varchar(128)  not null,
    key_id      uuid,
    owner_id    uuid,
    team        varchar(128),
    spend       numeric(16,6) not null,
    requests    integer       not null,
    tokens      bigint        not null,
    constraint spend_daily_pk primary key (day, token_hash, model)
);

create index spend_daily_owner_idx on spend_daily (owner_id, day);
create index spend_daily_day_idx on spend_daily (day);

-- How far the copy has got, and when it last succeeded.
create table spend_sync (
    name           varchar(32) primary key,
    synced_through date        not null,
    synced_at      timestamptz not null
);
