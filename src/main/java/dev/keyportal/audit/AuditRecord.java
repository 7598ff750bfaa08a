package dev.keyportal.audit;

import java.time.Instant;
import java.util.UUID;

/** A stored audit event, as shown to people. */
public record AuditRecord(long id, Instant occurredAt, UUID actorId, String actorName, String action,
        String subjectType, String subjectId, UUID requestId, String before, String after) {
}
