-- Seeds a large organisation for the spend benchmark (bench/spend-benchmark.sh): 10,000 people in 50 teams,
-- 30,000 issued keys (three each) and a year of spend_daily rows — about 10 million key/model/day rows — then the
-- summaries the dashboards read, as SpendSync would have left them. Everything is derived from row numbers, so two
-- seeds give the same data (relative to the day they ran). Run only against the benchmark database.

-- people: bench-0 … bench-9999, team-0 … team-49
insert into portal_user (id, issuer, subject, litellm_user_id, email, display_name, team, created_at, last_login_at,
                         roles)
select md5('bench-person-' || i)::uuid, 'bench', 'bench-' || i, 'bench-' || i || '@example.com',
       'bench-' || i || '@example.com', 'Bench Person ' || i, 'team-' || (i % 50), now() - interval '400 days',
       now() - interval '1 day', 'EMPLOYEE'
from generate_series(0, 9999) i;

-- keys: key k belongs to person k % 10000
insert into issued_key (id, owner_id, request_id, token_hash, key_name, key_alias, litellm_alias, models, max_budget,
                        budget_duration, expires_at, team, status, created_at)
select md5('bench-key-' || k)::uuid, md5('bench-person-' || (k % 10000))::uuid, md5('bench-request-' || k)::uuid,
       encode(sha256(('bench-key-' || k)::bytea), 'hex'), 'sk-...' || lpad((k % 10000)::text, 4, '0'),
       'bench-key-' || k, 'kp-bench-' || k, array['gpt-4o-mini', 'claude-haiku'], 100, '30d',
       now() + interval '365 days', 'team-' || ((k % 10000) % 50), 'ACTIVE', now() - interval '400 days'
from generate_series(0, 29999) k;

-- spend: on each of the last 365 days about 91% of the keys were used, each with one of six models; written a day
-- at a time (days outside, keys inside), as the sync writes them; each key's hash and ids computed once
insert into spend_daily (day, token_hash, model, key_id, owner_id, team, spend, requests, tokens)
with k as materialized (
    select n, encode(sha256(('bench-key-' || n)::bytea), 'hex') as token_hash, md5('bench-key-' || n)::uuid as id,
           md5('bench-person-' || (n % 10000))::uuid as owner_id, 'team-' || ((n % 10000) % 50) as team
    from generate_series(0, 29999) n)
select current_date - d, k.token_hash,
       (array['gpt-4o-mini', 'claude-haiku', 'gpt-4o', 'claude-opus', 'gemini-flash', 'mistral-large'])
           [1 + (k.n + d / 7) % 6],
       k.id, k.owner_id, k.team, round(((k.n * 31 + d * 17) % 1000) / 2000.0 + 0.000123, 6), 1 + (k.n + d) % 40,
       (1 + (k.n + d) % 40) * 850
from generate_series(0, 364) d cross join k
where (k.n * 7919 + d * 104729) % 1000 < 913;

-- LiteLLM's last word on each key's spend and budget (a few near or over it)
insert into key_budget_state (token_hash, spend, max_budget, budget_reset_at, seen_at)
select encode(sha256(('bench-key-' || k)::bytea), 'hex'), ((k * 37) % 1050) / 10.0, 100,
       date_trunc('month', now()) + interval '1 month', now()
from generate_series(0, 29999) k;

-- the summaries, built the same way as migrations V21 and V22 do
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
insert into spend_team_model_daily
select day, team, model, sum((spend * 1000000)::bigint), sum(requests), sum(tokens)
from spend_daily group by day, team, model;

insert into spend_sync (name, synced_through, synced_at) values ('spend', current_date, now())
on conflict (name) do update set synced_through = excluded.synced_through, synced_at = excluded.synced_at;
