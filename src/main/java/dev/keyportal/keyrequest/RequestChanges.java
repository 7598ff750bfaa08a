package dev.keyportal.keyrequest;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a changed request is kept: {@link #commit} stores the request a transition changed and records that
 * transition's audit event in the caller's transaction, so neither is kept without the other.
 */
@Component
class RequestChanges {

    private final KeyRequestRepository requests;
    private final AuditTrail audit;
    private final RequestMetrics metrics;

    RequestChanges(KeyRequestRepository requests, AuditTrail audit, RequestMetrics metrics) {
        this.requests = requests;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Stores the changed request (flushed, so a concurrent change fails here) and records the change. */
    @Transactional(propagation = Propagation.MANDATORY)
    KeyRequest commit(KeyRequest.Change change) {
        KeyRequest stored = requests.saveAndFlush(change.request());
        audit.record(change.event());
        switch (change.event().action()) {
            case "request.approved", "request.denied", "request.expired" -> metrics.decided(stored);
            default -> { }
        }
        return stored;
    }

    /** A signed-in person as the audit trail names them. */
    static Actor actor(PortalUser user) {
        return new Actor(user.id(), user.displayName());
    }
}
