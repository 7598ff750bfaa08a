package dev.keyportal.security;

import java.util.UUID;

/** A person's record with the identity it is bound to (issuer and subject), for the re-binding page. */
public record PersonIdentity(UUID id, String displayName, String email, String litellmUserId, String issuer,
        String subject, java.time.Instant lastLoginAt) {
}
