package dev.keyportal.security;

import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in the portal refused, as admins see it on the people page: the identity (issuer and subject), what the
 * identity provider said about it, why it was refused, when first and last, and how often. For an identity
 * conflict, {@code holderId} and {@code holderName} name the person whose record holds its LiteLLM user id (the
 * record an admin may re-bind to this identity); null otherwise.
 */
public record RefusedSignIn(UUID id, String issuer, String subject, RefusalReason reason, String email,
        String displayName, String litellmUserId, Instant firstAt, Instant lastAt, int attempts, UUID holderId,
        String holderName) {

    /** Whether an admin can act on it by re-binding the holder's record to this identity. */
    public boolean canRebind() {
        return reason == RefusalReason.IDENTITY_CONFLICT && holderId != null;
    }
}
