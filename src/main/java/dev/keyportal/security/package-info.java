/**
 * Who is signed in: OIDC login, the mapping of the configured claims to roles and team, the local
 * {@code portal_user} row keyed by issuer and subject, and the HTTP security rules and headers.
 *
 * <p><b>Read view {@code portal_person_view}</b> (migration V30), for modules that name people in SQL (spend's
 * tables of people, keys' {@code key_owner_view}) instead of reading {@code portal_user}, one row per person the
 * portal knows: {@code id}, {@code litellm_user_id} (their user id in LiteLLM, the label spend shows),
 * {@code display_name}, {@code email} and {@code team} as of their last sign-in. These columns are a promise: a
 * migration that changes what they are built from recreates the view with the same columns and meaning.
 */
@ApplicationModule(allowedDependencies = {"audit"})
package dev.keyportal.security;

import org.springframework.modulith.ApplicationModule;
