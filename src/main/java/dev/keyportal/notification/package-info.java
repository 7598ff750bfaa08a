/**
 * Email about requests: approvers hear of a request waiting for them, requesters of the decision. Sent after
 * the change commits, only when SMTP is configured ({@code spring.mail.host}); a mail never contains a key.
 */
package dev.keyportal.notification;
