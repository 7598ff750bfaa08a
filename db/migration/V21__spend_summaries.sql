-- Summaries of spend_daily that the dashboards read, so a 90-day org view over ten million key/model/day rows
-- stays fast. The sync rewrites a day's summary rows in the same transaction as the day itself. Amounts are
-- whole micro-dollars (spend_daily keeps six decimals, so the sums are exact) because bigint sums are twice as
-- fast as numeric ones.
create table spend_owner_daily (
    day          date         not null,
    owner_id     uuid,
    team         varchar(128),
    spend_micros bigint       not null,
    requests     bigint       not null,
    tokens       bigint       not null
);
create index spend_owner_daily_day_idx on spend_owner_daily (day) include (owner_id, team, spend_micros, requests, tokens);
create index spend_owner_daily_owner_idx on spend_owner_daily (owner_id, day);

-- The same per ISO week (Monday): a range reads whole weeks here and only its edge days above.
create table spend_owner_weekly (
    week         date         not null,
    owner_id     uuid,
    team         varchar(128),
    spend_micros bigint       not null,
    requests     bigint       not null,
    tokens       bigint       not null
);
create index spend_owner_weekly_week_idx on spend_owner_weekly (week) include (owner_id, team, spend_micros, requests, tokens);

create table spend_team_daily (
    day          date         not null,
    team         varchar(128),
    spend_micros bigint       not null,
    requests     bigint       not null,
    tokens       bigint       not null
);
create index spend_team_daily_day_idx on spend_team_daily (day);

create table spend_model_daily (
    day          date         not null,
    model        varchar(128) not null,
    spend_micros bigint       not null,
    requests     bigint       not null,
    tokens       bigint       not null,
    constraint spend_model_daily_pk primary key (day, model)
);

-- Each key's current spend and budget as LiteLLM last reported them (the sync pages /key/list), for "who is
-- near or over budget" without asking LiteLLM about every key on every page view.
create table key_budget_state (
    token_hash      varchar(64)   primary key,
    spend           numeric(16,6) not null,
    max_budget      numeric(16,6),
    budget_reset_at timestamptz,
    seen_at         timestamptz   not null
);

insert into spend_owner_daily
select day, owner_id, team, sum((spend * 1000000)::bigint), sum(requests), sum(tokens)
from spend_daily group by day, owner_id, team;
insert into spend_owner_weekly
select date_trunc('week', day)::date, owner_id, team, sum(spend_micros), sum(requests), sum(tokens)
from spend_owner_daily group by 1, owner_id, team;
insert into spend_team_daily
select day, team, sum(spend_micros), sum(requests), sum(tokens) from spend_owner_daily group by day, team;
insert into spend_model_daily
select day, model, sum((spend * 1000000)::bigint), sum(requests), sum(tokens) from spend_daily group by day, model;
