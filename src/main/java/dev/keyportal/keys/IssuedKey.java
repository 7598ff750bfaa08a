package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A key the portal issued. Holds the token hash and the masked name; the key itself is never stored. */
@Entity
@Table(name = "issued_key")
class IssuedKey {

    @Id
    private UUID id;

    private UUID ownerId;

    private UUID requestId;

    private String tokenHash;

    private String keyName;

    private String keyAlias;

    private String litellmAlias;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] models;

    private BigDecimal maxBudget;

    private String budgetDuration;

    private Instant expiresAt;

    private Integer rpmLimit;

    private Integer tpmLimit;

    private Integer maxParallelRequests;

    private String team;

    @Enumerated(EnumType.STRING)
    private KeyStatus status;

    private UUID replacesKeyId;

    private Instant revokedAt;

    private String revokedBy;

    private Instant createdAt;

    @Version
    private long version;

    protected IssuedKey() {
    }

    IssuedKey(NewIssuedKey key, Instant now) {
        this.id = UUID.randomUUID();
        this.ownerId = key.ownerId();
        this.requestId = key.requestId();
        this.tokenHash = key.tokenHash();
        this.keyName = key.keyName();
        this.keyAlias = key.keyAlias();
        this.litellmAlias = key.litellmAlias();
        this.models = key.models().toArray(String[]::new);
        this.maxBudget = key.maxBudget();
        this.budgetDuration = key.budgetDuration();
        this.expiresAt = key.expiresAt();
        this.rpmLimit = key.rpmLimit();
        this.tpmLimit = key.tpmLimit();
        this.maxParallelRequests = key.maxParallelRequests();
        this.team = key.team();
        this.status = KeyStatus.ACTIVE;
        this.replacesKeyId = key.replacesKeyId();
        this.createdAt = now;
    }

    UUID ownerId() {
        return ownerId;
    }

    /** Someone changed the key in LiteLLM outside the portal; the portal follows what LiteLLM says. */
    void changedOutside(boolean blockedThere, java.math.BigDecimal budgetThere, Instant now) {
        if (status.live()) {
            this.status = blockedThere ? KeyStatus.BLOCKED : KeyStatus.ACTIVE;
        }
        if (budgetThere != null) {
            this.maxBudget = budgetThere;
        }
    }

    /** Someone moved or removed the key's expiry in LiteLLM ({@code null}: never expires). */
    void expiresChangedOutside(Instant expiresThere) {
        this.expiresAt = expiresThere;
    }

    /** An admin blocked or unblocked the key in LiteLLM. */
    void blocked(boolean blocked) {
        if (!status.live()) {
            throw new IllegalStateException("Key " + id + " is " + status);
        }
        this.status = blocked ? KeyStatus.BLOCKED : KeyStatus.ACTIVE;
    }

    /** LiteLLM has deleted the key: it no longer works, and leaves "My keys" for the revoked list. */
    void revoked(String by, boolean rotated, Instant now) {
        if (!status.live()) {
            return;
        }
        this.status = rotated ? KeyStatus.ROTATED : KeyStatus.REVOKED;
        this.revokedAt = now;
        this.revokedBy = by;
    }

    /** The budget LiteLLM now enforces for this key, after an approved increase. */
    void budgetChanged(BigDecimal newBudget) {
        if (status == KeyStatus.REVOKED) {
            throw new IllegalStateException("Key " + id + " is revoked");
        }
        this.maxBudget = newBudget;
    }

    IssuedKeyView view() {
        return new IssuedKeyView(id, ownerId, requestId, tokenHash, keyName, keyAlias, List.of(models), maxBudget,
                budgetDuration, expiresAt, rpmLimit, tpmLimit, maxParallelRequests, team, status, createdAt,
                replacesKeyId, revokedAt);
    }
}
