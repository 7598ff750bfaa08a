package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A key the portal issued. Holds the token hash and the masked name; the key itself is never stored. Each change
 * returns a {@link Change} carrying the audit event that records it, which {@link IssuedKeys} keeps with it.
 */
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

    @Embedded
    private IssuedTerms terms;

    private Instant expiresAt;

    private String team;

    @Enumerated(EnumType.STRING)
    private KeyStatus status;

    private UUID replacesKeyId;

    private Instant revokedAt;

    private String revokedBy;

    private Instant createdAt;

    /** The soft budget the key was created with in LiteLLM (an alert threshold), or null. */
    private BigDecimal softBudget;

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
        this.terms = new IssuedTerms(key.terms());
        this.expiresAt = key.expiresAt();
        this.team = key.team();
        this.status = KeyStatus.ACTIVE;
        this.replacesKeyId = key.replacesKeyId();
        this.createdAt = now;
        this.softBudget = key.softBudget();
    }

    UUID ownerId() {
        return ownerId;
    }

    /** A change this key went through and the audit event recording it. */
    record Change(IssuedKey key, AuditEntry event) {
    }

    /**
     * Someone changed the key in LiteLLM outside the portal (deleted it, blocked or unblocked it, changed its
     * budget or its expiry); the portal follows what LiteLLM says. A null budget leaves the budget as it is;
     * {@code expiresThere} counts only when {@code expiryChanged} ({@code null}: never expires).
     */
    Change changedOutside(boolean deletedThere, boolean blockedThere, BigDecimal budgetThere, boolean expiryChanged,
            Instant expiresThere, Instant now) {
        Map<String, Object> before = seen();
        if (deletedThere) {
            gone("outside the portal", false, now);
        } else {
            if (status.live()) {
                this.status = blockedThere ? KeyStatus.BLOCKED : KeyStatus.ACTIVE;
            }
            if (budgetThere != null) {
                terms.budget(budgetThere);
            }
            if (expiryChanged) {
                this.expiresAt = expiresThere;
            }
        }
        Map<String, Object> after = seen();
        after.put("deleted_in_litellm", deletedThere);
        return new Change(this, AuditEntry.of(Actor.system("reconciliation"), "key.changed_outside", "KEY", id,
                requestId, before, after));
    }

    /** An admin blocked or unblocked the key in LiteLLM, for a reason. */
    Change blocked(Actor admin, boolean blocked, String reason) {
        if (!status.live()) {
            throw new IllegalStateException("Key " + id + " is " + status);
        }
        Map<String, Object> before = Map.of("status", status.name());
        this.status = blocked ? KeyStatus.BLOCKED : KeyStatus.ACTIVE;
        return new Change(this, AuditEntry.of(admin, blocked ? "key.blocked" : "key.unblocked", "KEY", id, requestId,
                before, Map.of("status", status.name(), "reason", reason)));
    }

    /**
     * LiteLLM has deleted the key, revoked by someone or replaced by a rotation: it no longer works, and leaves
     * "My keys" for the revoked list. A key that was gone already stays as it was.
     */
    Change deleted(Actor by, boolean rotated, Instant now) {
        Map<String, Object> before = Map.of("status", status.name());
        gone(by.name(), rotated, now);
        return new Change(this, AuditEntry.of(by, rotated ? "key.rotated" : "key.revoked", "KEY", id, requestId,
                before, Map.of("status", status.name(), "key_name", keyName)));
    }

    private void gone(String by, boolean rotated, Instant now) {
        if (!status.live()) {
            return;
        }
        this.status = rotated ? KeyStatus.ROTATED : KeyStatus.REVOKED;
        this.revokedAt = now;
        this.revokedBy = by;
    }

    /** What the portal holds of the key's state, as the audit trail records a change made outside it. */
    private Map<String, Object> seen() {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("status", status.name());
        seen.put("max_budget", terms.maxBudget() == null ? "none" : terms.maxBudget());
        seen.put("expires_at", expiresAt == null ? "never" : expiresAt.toString());
        return seen;
    }

    /** The budget LiteLLM now enforces for this key, after an approved increase. */
    void budgetChanged(BigDecimal newBudget) {
        if (status == KeyStatus.REVOKED) {
            throw new IllegalStateException("Key " + id + " is revoked");
        }
        terms.budget(newBudget);
    }

    IssuedKeyView view() {
        return new IssuedKeyView(id, ownerId, requestId, tokenHash, keyName, keyAlias, terms.toTerms(), expiresAt,
                team, status, createdAt, replacesKeyId, revokedAt, softBudget);
    }
}
