-- What the spend pages need at the scale of docs/benchmarks.md (10,000 people, 30,000 keys, ten million
-- key/model/day rows).

-- A person's spend page reads their rows of spend_daily by owner and day. With rows in day order, each of those
-- rows sits on a page of its own; carrying the columns the page sums in the index lets Postgres answer from the
-- index alone.
create index spend_daily_owner_cover_idx on spend_daily (owner_id, day) include (key_id, model, spend, requests, tokens);
drop index spend_daily_owner_idx;

-- One team's spend by model, which otherwise filters a quarter of a year of spend_daily by team. The sync rewrites
-- a day's rows with the day, like the other summaries (V21).
create table spend_team_model_daily (
    day          date         not null,
    team         varchar(128),
    model        varchar(128) not null,
    spend_micros bigint       not null,
    requests     bigint       not null,
    tokens       bigint       not null
);
create index spend_team_model_daily_idx on spend_team_model_daily (team, day);

insert into spend_team_model_daily
select day, team, model, sum((spend * 1000000)::bigint), sum(requests), sum(tokens)
from spend_daily group by day, team, model;
