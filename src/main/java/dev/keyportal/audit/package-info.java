/**
 * The append-only, hash-chained audit trail. Services record events in the same transaction as the change they
 * describe, so an action that cannot be audited does not happen. Events anyone outside can repeat at will
 * (refused sign-ins, denied access) go through {@link dev.keyportal.audit.RepeatedEvents}, which writes at most one
 * per repeat key and interval and counts the rest ({@code audit_repeat}).
 */
@ApplicationModule(allowedDependencies = {})
package dev.keyportal.audit;

import org.springframework.modulith.ApplicationModule;
