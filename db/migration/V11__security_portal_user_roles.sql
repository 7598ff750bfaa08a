-- The roles a person had at their last sign-in, so notifications can find a team's approvers.
alter table portal_user add column roles varchar(64) not null default 'EMPLOYEE';
create index portal_user_team_idx on portal_user (team);
