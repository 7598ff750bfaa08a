-- The LiteLLM users and team memberships that issuing has made sure of (team_id '' for the user itself), so that
-- the same person's next key skips /user/info and /team/info. An entry older than
-- portal.issuing.ensure-again-after (a day) is checked again, in case someone removed it in LiteLLM.
create table litellm_ensured (
    litellm_user_id varchar(255) not null,
    team_id         varchar(255) not null,
    ensured_at      timestamptz  not null,
    primary key (litellm_user_id, team_id)
);
