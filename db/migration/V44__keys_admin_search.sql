-- The admins' "All keys" list at tens of thousands of keys (keys.KeySearch): newest first and one team read their
-- first page from an index instead of sorting every key; a search for a part of an alias reads a trigram index.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database's owner may create it.
create extension if not exists pg_trgm;
create index issued_key_created_idx on issued_key (created_at desc, id);
create index issued_key_team_idx on issued_key (team, created_at desc);
create index issued_key_alias_trgm_idx on issued_key using gin (key_alias gin_trgm_ops);
