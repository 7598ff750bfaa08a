/**
 * Keys issued through the portal — only the token hash and masked name, never the key — and the pages that
 * list them with their spend and budget state as last copied from LiteLLM, read through {@link
 * dev.keyportal.keys.KeyBudgetStates} (the spend module keeps the copy and implements it), and the admins' searches
 * over keys and people ({@code KeySearch}, {@code PeopleSearch}).
 *
 * <p><b>Read view {@code key_owner_view}</b> (migration V31), for modules that report on keys in SQL (spend's
 * "near or over budget" table) instead of reading {@code issued_key}, one row per key ever issued:
 * {@code key_id}, {@code token_hash}, {@code key_alias}, {@code key_name} (the masked key), {@code status} (a
 * {@link dev.keyportal.keys.KeyStatus} name), {@code live} (active or blocked: the key works or may work again),
 * {@code team}, {@code owner_id}, and the owner's {@code owner_litellm_user_id}, {@code owner_name} and
 * {@code owner_email} from security's {@code portal_person_view}. These columns are a promise: a migration that
 * changes what they are built from recreates the view with the same columns and meaning. A query that uses no
 * owner column costs no more than one on {@code issued_key} alone (Postgres drops the unused join).
 */
@ApplicationModule(allowedDependencies = {"audit", "litellm", "policy", "security"})
package dev.keyportal.keys;

import org.springframework.modulith.ApplicationModule;
