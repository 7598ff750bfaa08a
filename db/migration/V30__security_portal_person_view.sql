-- The security module's read view of the people the portal knows, for modules that report on people in SQL (spend
-- names the people in its tables by it) instead of reading portal_user. Its columns are a promise to those
-- modules: a change to portal_user that touches them recreates this view with the same columns. Documented in the
-- security module's package-info.
create view portal_person_view as
select id,
       litellm_user_id,
       display_name,
       email,
       team
from portal_user;
