package dev.keyportal.keyrequest;

import java.util.UUID;

/** A request was approved, denied or expired; the requester should hear of it. Never carries a key. */
public record KeyRequestDecided(UUID requestId, UUID requesterId, String keyAlias, RequestStatus status,
        String decidedBy, String reason) {

    /** The event for a request that was just approved, denied or expired. */
    static KeyRequestDecided of(KeyRequest request) {
        KeyRequestView view = request.view();
        return new KeyRequestDecided(view.id(), view.requesterId(), view.keyAlias(), view.status(), view.decidedBy(),
                view.status() == RequestStatus.EXPIRED ? view.outcomeMessage() : view.decisionReason());
    }
}
