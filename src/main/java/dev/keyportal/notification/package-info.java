/**
 * Email about requests and keys: approvers hear of a request waiting for them, requesters of the decision, owners
 * of a key that expires soon, crosses 80% of its budget or is blocked or unblocked; admins of a broken link in the
 * audit trail. Sent after the change
 * commits, only when SMTP is configured ({@code spring.mail.host}); a mail never contains a key.
 */
@ApplicationModule(allowedDependencies = {"audit", "keyrequest", "keys", "security", "spend"})
package dev.keyportal.notification;

import org.springframework.modulith.ApplicationModule;
