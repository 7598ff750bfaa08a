-- The admins' "People" list and the owner search of "All keys" at ten thousand people (keys.PeopleSearch and
-- keys.KeySearch read portal_person_view): people by name a page at a time from an index, and a part of a name or
-- e-mail address from trigram indexes (pg_trgm, created by V44).
create index portal_user_name_idx on portal_user (display_name, email, id);
create index portal_user_name_trgm_idx on portal_user using gin (display_name gin_trgm_ops);
create index portal_user_email_trgm_idx on portal_user using gin (email gin_trgm_ops);
