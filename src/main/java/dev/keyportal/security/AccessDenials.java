package dev.keyportal.security;

import java.util.Map;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.RepeatedEvents;

import org.springframework.stereotype.Component;

/**
 * Records, as {@code access.denied}, that a signed-in person asked for an object that exists but is not theirs
 * (another person's key or request, a request outside an approver's queue); the portal answers "not found" so as
 * not to confirm it exists. One event per person and object within the repeat interval ({@link RepeatedEvents}),
 * so probing cannot flood the trail.
 */
@Component
public class AccessDenials {

    static final String ACTION = "access.denied";

    private final RepeatedEvents events;

    AccessDenials(RepeatedEvents events) {
        this.events = events;
    }

    /** {@code subjectType} as the trail names objects: {@code KEY}, {@code REQUEST}. */
    public void denied(PortalUser who, String subjectType, Object subjectId) {
        events.record(ACTION + "|" + who.id() + "|" + subjectType + "|" + subjectId,
                AuditEntry.of(who.id(), who.displayName(), ACTION, subjectType, subjectId, null, null,
                        Map.of("roles", who.roles().stream().map(Role::name).sorted().toList())));
    }
}
