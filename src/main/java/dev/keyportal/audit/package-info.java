/**
 * The append-only, hash-chained audit trail. Services record events in the same transaction as the change they
 * describe, so an action that cannot be audited does not happen.
 */
@ApplicationModule(allowedDependencies = {})
package dev.keyportal.audit;

import org.springframework.modulith.ApplicationModule;
