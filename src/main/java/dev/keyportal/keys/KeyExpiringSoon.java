package dev.keyportal.keys;

import java.time.Instant;
import java.util.UUID;

/** A live key expires within the warning window; its owner should hear of it once. Never carries a key. */
public record KeyExpiringSoon(UUID keyId, UUID ownerId, String keyAlias, String keyName, Instant expiresAt) {
}
