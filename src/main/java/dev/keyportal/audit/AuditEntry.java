package dev.keyportal.audit;

import java.util.Map;
import java.util.UUID;

/**
 * One thing that happened: who ({@code actorId} null for the system), what, to which object, as part of which
 * request, with the values before and after. Values must never hold a secret; {@link AuditTrail} refuses them.
 */
public record AuditEntry(UUID actorId, String actorName, String action, String subjectType, String subjectId,
        UUID requestId, Map<String, ?> before, Map<String, ?> after) {

    public static AuditEntry of(UUID actorId, String actorName, String action, String subjectType, Object subjectId,
            UUID requestId, Map<String, ?> before, Map<String, ?> after) {
        return new AuditEntry(actorId, actorName, action, subjectType, String.valueOf(subjectId), requestId, before,
                after);
    }

    public static AuditEntry of(Actor actor, String action, String subjectType, Object subjectId, UUID requestId,
            Map<String, ?> before, Map<String, ?> after) {
        return of(actor.id(), actor.name(), action, subjectType, subjectId, requestId, before, after);
    }
}
