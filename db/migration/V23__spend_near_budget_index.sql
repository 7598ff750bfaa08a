-- "Keys near or over budget" lists the most used first out of 30,000 keys on every admin spend page: an index of
-- just those keys, in that order, lets it read the first 50 instead of sorting them all (docs/benchmarks.md).
create index key_budget_state_near_idx on key_budget_state ((spend / max_budget) desc) include (token_hash)
    where max_budget > 0 and spend >= max_budget * 0.8;
