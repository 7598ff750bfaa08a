-- Sign-ins the portal refused, one row per identity (issuer + subject) and reason, so admins see who is waiting
-- (after an identity-provider move: new subject, same verified email, refused as an identity conflict). A repeated
-- refusal updates its row (last_at, attempts) instead of adding one. Rows go when the identity signs in or is
-- re-bound to a person's record. litellm_user_id is the user id the identity presented, when it had a usable one.
create table refused_sign_in (
    id              uuid primary key,
    issuer          varchar(512) not null,
    subject         varchar(255) not null,
    reason          varchar(32)  not null,
    email           varchar(320),
    display_name    varchar(255),
    litellm_user_id varchar(320),
    first_at        timestamptz  not null,
    last_at         timestamptz  not null,
    attempts        integer      not null,
    constraint refused_sign_in_uk unique (issuer, subject, reason)
);
create index refused_sign_in_last_idx on refused_sign_in (last_at desc);
