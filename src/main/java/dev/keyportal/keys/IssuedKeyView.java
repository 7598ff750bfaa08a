package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An issued key as pages show it: masked, never the key. */
public record IssuedKeyView(UUID id, UUID ownerId, UUID requestId, String tokenHash, String keyName,
        String keyAlias, List<String> models, BigDecimal maxBudget, String budgetDuration, Instant expiresAt,
        Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests, String team, KeyStatus status,
        Instant createdAt, UUID replacesKeyId, Instant revokedAt) {

    public boolean live() {
        return status == KeyStatus.ACTIVE || status == KeyStatus.BLOCKED;
    }
}
