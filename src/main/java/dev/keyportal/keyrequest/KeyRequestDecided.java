package dev.keyportal.keyrequest;

import java.util.UUID;

/** A request was approved, denied or expired; the requester should hear of it. Never carries a key. */
public record KeyRequestDecided(UUID requestId, UUID requesterId, String keyAlias, RequestStatus status,
        String decidedBy, String reason) {
}
