/**
 * Spend: a job copies LiteLLM's spend into daily rows per key and model (with owner and team), and the
 * dashboards for people and admins read them, with CSV export.
 *
 * <p>Spend owns {@code spend_daily}, its summaries, {@code spend_sync}, {@code key_budget_state} and
 * {@code budget_warning}. It learns
 * about keys and people only through their modules: in Java through {@code keys.IssuedKeys} (a key by its hash,
 * a person's keys) and {@code security.PortalUser}; in SQL, where the dashboards name thousands of people and
 * keys in one query, through the read views those modules document: {@code portal_person_view} (security, the
 * label of a person) and {@code key_owner_view} (keys, which keys are live, their alias, team and owner). It never
 * reads {@code portal_user} or {@code issued_key}. All of its SQL is in {@code SpendQueries} (reads),
 * {@code SpendSync} (writes), {@code BudgetWarnings} (the once-per-period 80% notices) and the sync job's lag gauge.
 * It gives the copy of each key's spend and budget ({@code key_budget_state}) to the pages of other modules through
 * {@code keys.KeyBudgetStates} ({@code SyncedKeyBudgets}).
 */
@ApplicationModule(allowedDependencies = {"keys", "litellm", "security"})
package dev.keyportal.spend;

import org.springframework.modulith.ApplicationModule;
