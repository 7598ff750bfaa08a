-- A person known to the portal: identified by OIDC issuer + subject, never by email.
create table portal_user (
    id              uuid primary key,
    issuer          varchar(512) not null,
    subject         varchar(255) not null,
    litellm_user_id varchar(320) not null,
    email           varchar(320),
    display_name    varchar(255) not null,
    team            varchar(128),
    created_at      timestamptz  not null,
    last_login_at   timestamptz  not null,
    version         bigint       not null default 0,
    constraint portal_user_identity_uk unique (issuer, subject),
    constraint portal_user_litellm_user_id_uk unique (litellm_user_id)
);
