-- The keys module's read view of the keys issued through the portal with their owners, for modules that report on
-- keys in SQL (spend lists keys near their budget by it) instead of reading issued_key. "live" is the keys module's
-- word for a key that still works or may work again (active or blocked). Its columns are a promise to those
-- modules: a change to issued_key that touches them recreates this view with the same columns. Documented in the
-- keys module's package-info.
create view key_owner_view as
select k.id                                  as key_id,
       k.token_hash,
       k.key_alias,
       k.key_name,
       k.status,
       k.status in ('ACTIVE', 'BLOCKED')     as live,
       k.team,
       k.owner_id,
       p.litellm_user_id                     as owner_litellm_user_id,
       p.display_name                        as owner_name,
       p.email                               as owner_email
from issued_key k
left join portal_person_view p on p.id = k.owner_id;
