/**
 * Key policy: for each parameter a default, an auto-approve ceiling and a hard bound, global or per team, plus
 * per-person caps. Judges a request into auto-approve, needs approval, or refused, field by field. Admins edit
 * policies at {@code /admin/policies}: every change is a new version, kept in {@code key_policy_version} and
 * audited, and a save based on an outdated version is refused.
 */
@ApplicationModule(allowedDependencies = {"audit", "litellm", "security"})
package dev.keyportal.policy;

import org.springframework.modulith.ApplicationModule;
