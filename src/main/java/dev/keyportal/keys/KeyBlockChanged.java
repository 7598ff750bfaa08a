package dev.keyportal.keys;

import java.util.UUID;

/** An admin blocked or unblocked a key, with a reason; published when the change commits. */
public record KeyBlockChanged(UUID keyId, UUID ownerId, String keyAlias, boolean blocked, String reason,
        String adminName) {
}
