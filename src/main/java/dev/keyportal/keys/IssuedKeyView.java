package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;

/** An issued key as pages show it: masked, never the key. */
public record IssuedKeyView(UUID id, UUID ownerId, UUID requestId, String tokenHash, String keyName,
        String keyAlias, List<String> models, BigDecimal maxBudget, String budgetDuration, Instant expiresAt,
        Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests, String team, KeyStatus status,
        Instant createdAt, UUID replacesKeyId, Instant revokedAt) {

    /** The key's terms as the policy judges them; an issued key has an expiry instead of a lifetime. */
    public KeyTerms terms() {
        Map<KeyParameter, Object> values = new EnumMap<>(KeyParameter.class);
        values.put(KeyParameter.MAX_BUDGET, maxBudget);
        values.put(KeyParameter.BUDGET_DURATION, budgetDuration);
        values.put(KeyParameter.RPM_LIMIT, rpmLimit);
        values.put(KeyParameter.TPM_LIMIT, tpmLimit);
        values.put(KeyParameter.MAX_PARALLEL_REQUESTS, maxParallelRequests);
        return new KeyTerms(models, values);
    }

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
