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

    /** The key exists in LiteLLM: it can be blocked, unblocked or revoked. */
    public boolean live() {
        return status.live();
    }

    public boolean blocked() {
        return status == KeyStatus.BLOCKED;
    }

    /** Only a key that works can be replaced by a fresh one. */
    public boolean canBeRotated() {
        return status == KeyStatus.ACTIVE;
    }

    /** Only a key that works can be given a bigger budget. */
    public boolean budgetCanBeRaised() {
        return status == KeyStatus.ACTIVE;
    }
}
