package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.keyportal.policy.KeyTerms;

/** An issued key as pages show it: masked, never the key. Its terms have no lifetime: it has an expiry instead. */
public record IssuedKeyView(UUID id, UUID ownerId, UUID requestId, String tokenHash, String keyName,
        String keyAlias, KeyTerms terms, Instant expiresAt, String team, KeyStatus status, Instant createdAt,
        UUID replacesKeyId, Instant revokedAt, BigDecimal softBudget) {

    /** A key without a soft budget. */
    public IssuedKeyView(UUID id, UUID ownerId, UUID requestId, String tokenHash, String keyName, String keyAlias,
            KeyTerms terms, Instant expiresAt, String team, KeyStatus status, Instant createdAt, UUID replacesKeyId,
            Instant revokedAt) {
        this(id, ownerId, requestId, tokenHash, keyName, keyAlias, terms, expiresAt, team, status, createdAt,
                replacesKeyId, revokedAt, null);
    }

    public List<String> models() {
        return terms.models();
    }

    public BigDecimal maxBudget() {
        return terms.maxBudget();
    }

    public String budgetDuration() {
        return terms.budgetDuration();
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
