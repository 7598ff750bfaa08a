package dev.keyportal.audit;

import java.time.Instant;

/**
 * Verification found a broken link in the audit trail: {@code eventId} is the first event whose hash does not
 * match its content or whose {@code prev_hash} does not match the event before. Published once per break found
 * (not again while the same link stays broken), for the alert mail.
 */
public record AuditChainBroken(long eventId, String problem, Instant foundAt) {
}
