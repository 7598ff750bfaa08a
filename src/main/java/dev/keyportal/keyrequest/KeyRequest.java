package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policy;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A request for a key. Guards its own transitions: each one is refused unless its predicate ({@link #canBeDecided()},
 * {@link #canBeCancelled()} …) holds, and returns a {@link Change} carrying the audit event that records it. The
 * values are the terms after the policy's defaults.
 */
@Entity
@Table(name = "key_request")
class KeyRequest {

    @Id
    private UUID id;

    private UUID requesterId;

    private UUID submissionId;

    @Enumerated(EnumType.STRING)
    private RequestStatus status;

    @Enumerated(EnumType.STRING)
    private RequestKind kind = RequestKind.NEW_KEY;

    private UUID targetKeyId;

    private String keyAlias;

    private String purpose;

    @Embedded
    private StoredTerms terms;

    private String team;

    private UUID policyId;

    private int policyVersion;

    private String litellmAlias;

    private String outcomeMessage;

    @Embedded
    @AttributeOverride(name = "models", column = @Column(name = "asked_models"))
    @AttributeOverride(name = "maxBudget", column = @Column(name = "asked_max_budget"))
    @AttributeOverride(name = "budgetDuration", column = @Column(name = "asked_budget_duration"))
    @AttributeOverride(name = "duration", column = @Column(name = "asked_duration"))
    @AttributeOverride(name = "rpmLimit", column = @Column(name = "asked_rpm_limit"))
    @AttributeOverride(name = "tpmLimit", column = @Column(name = "asked_tpm_limit"))
    @AttributeOverride(name = "maxParallelRequests", column = @Column(name = "asked_max_parallel_requests"))
    private StoredTerms asked;

    @Enumerated(EnumType.STRING)
    private ApprovalKind approvalKind;

    /** The LiteLLM user id of the person who approved ({@link ApprovalKind#PERSON}) or adopted it. */
    private String approvedBy;

    private UUID decidedBy;

    private String decidedByName;

    private Instant decidedAt;

    private String decisionReason;

    private Instant createdAt;

    private Instant updatedAt;

    @Version
    private long version;

    protected KeyRequest() {
    }

    private KeyRequest(UUID requesterId, UUID submissionId, String keyAlias, String purpose, KeyTerms terms,
            String team, Policy policy, RequestStatus status, String outcomeMessage, Instant now) {
        this.id = UUID.randomUUID();
        this.requesterId = requesterId;
        this.submissionId = submissionId;
        this.keyAlias = keyAlias;
        this.purpose = purpose;
        this.terms = new StoredTerms(terms);
        this.asked = new StoredTerms(terms);
        this.team = team;
        this.policyId = policy.id();
        this.policyVersion = policy.version();
        // LiteLLM refuses a duplicate key_alias: this one is unique, findable again, never shared between people
        this.litellmAlias = "kp-" + id;
        this.approvalKind = status == RequestStatus.ISSUING ? ApprovalKind.POLICY : null;
        this.status = status;
        this.outcomeMessage = outcomeMessage;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A request within every auto-approve ceiling: approved by policy and issuing at once. */
    static KeyRequest autoApproved(UUID requesterId, UUID submissionId, String keyAlias, String purpose,
            KeyTerms terms, String team, Policy policy, Instant now) {
        return new KeyRequest(requesterId, submissionId, keyAlias, purpose, terms, team, policy,
                RequestStatus.ISSUING, null, now);
    }

    /** A request above an auto-approve ceiling: waits for a person. */
    static KeyRequest pendingApproval(UUID requesterId, UUID submissionId, String keyAlias, String purpose,
            KeyTerms terms, String team, Policy policy, String reasons, Instant now) {
        return new KeyRequest(requesterId, submissionId, keyAlias, purpose, terms, team, policy,
                RequestStatus.PENDING_APPROVAL, reasons, now);
    }

    /** A transition this request went through and the audit event recording it; {@link RequestChanges} keeps both. */
    record Change(KeyRequest request, AuditEntry event) {
    }

    /** Who decided: the approver's portal id, display name and LiteLLM user id. */
    record Decider(UUID id, String name, String litellmUserId) {

        Actor actor() {
            return new Actor(id, name);
        }
    }

    /** Pending approval: an approver may approve or deny it. */
    boolean canBeDecided() {
        return status.awaitsDecision();
    }

    /** Pending, or approved and not collected: the requester may withdraw it. */
    boolean canBeCancelled() {
        return status.waiting();
    }

    /** Pending, or approved and not collected: it expires when nobody acts on it in time. */
    boolean canExpire() {
        return status.waiting();
    }

    /** Approved and not collected yet: collecting issues its key. */
    boolean canBeCollected() {
        return status.collectable(kind);
    }

    /** An approved budget increase LiteLLM has not taken yet. */
    boolean canBeApplied() {
        return status.applicable(kind);
    }

    /** Committed as ISSUING: LiteLLM's answer decides whether it ends ISSUED or FAILED. */
    boolean isIssuing() {
        return status == RequestStatus.ISSUING;
    }

    /** The request as first stored, submitted by its requester. */
    Change submitted(Actor requester) {
        return new Change(this, AuditEntry.of(requester, "request.submitted", "REQUEST", id, id, null, auditValues()));
    }

    /** An approver grants the request, possibly with lower values; the key is issued when the requester collects it. */
    Change approve(Decider approver, KeyTerms granted, String reason, Instant now) {
        refuseUnless(canBeDecided(), "approved");
        return change(approver.actor(), "request.approved", () -> {
            setTerms(granted);
            decide(RequestStatus.APPROVED, approver, reason, now);
            this.approvalKind = ApprovalKind.PERSON;
            this.approvedBy = approver.litellmUserId();
        });
    }

    Change deny(Decider approver, String reason, Instant now) {
        refuseUnless(canBeDecided(), "denied");
        return change(approver.actor(), "request.denied", () -> decide(RequestStatus.DENIED, approver, reason, now));
    }

    /** The requester withdraws a request that has not been issued. */
    Change cancel(Actor requester, Instant now) {
        return cancel(requester, null, now);
    }

    /** Withdrawn by {@code actor} (the requester, or the admin who disabled them), with an optional note. */
    Change cancel(Actor actor, String note, Instant now) {
        refuseUnless(canBeCancelled(), "cancelled");
        return change(actor, "request.cancelled", () -> {
            this.status = RequestStatus.CANCELLED;
            if (note != null) {
                this.outcomeMessage = note;
            }
            this.updatedAt = now;
        });
    }

    /** Pending too long, or approved and never collected. */
    Change expire(String note, Instant now) {
        refuseUnless(canExpire(), "expired");
        return change(Actor.system("system"), "request.expired", () -> {
            this.status = RequestStatus.EXPIRED;
            this.outcomeMessage = note;
            this.updatedAt = now;
        });
    }

    /** The requester collects an approved request: it is issued now, not at approval. */
    Change collect(Actor requester, Instant now) {
        refuseUnless(canBeCollected(), "collected");
        return change(requester, "request.collected", () -> {
            this.status = RequestStatus.ISSUING;
            this.updatedAt = now;
        });
    }

    /** LiteLLM created the key and the portal recorded it: recorded as the key's issue. */
    Change issued(Actor requester, IssuedKeyView key, Instant now) {
        refuseUnless(isIssuing(), "issued");
        this.status = RequestStatus.ISSUED;
        this.outcomeMessage = null;
        this.updatedAt = now;
        return new Change(this, AuditEntry.of(requester, "key.issued", "KEY", key.id(), id, null,
                Map.of("key_name", key.keyName(), "key_alias", key.keyAlias(), "token_hash", key.tokenHash(),
                        "models", key.models(), "max_budget", key.maxBudget())));
    }

    /** No key came of it; the reason is shown to the requester. */
    Change failed(Actor actor, String reason, Instant now) {
        refuseUnless(isIssuing(), "failed");
        Map<String, Object> before = auditValues();
        this.status = RequestStatus.FAILED;
        this.outcomeMessage = reason;
        this.updatedAt = now;
        return new Change(this, AuditEntry.of(actor, "request.failed", "REQUEST", id, id, before,
                Map.of("status", status.name(), "reason", reason)));
    }

    /**
     * LiteLLM has accepted the new budget of an approved increase: recorded as a change of the key's budget from
     * {@code budgetBefore}.
     */
    Change applied(Actor actor, BigDecimal budgetBefore, Instant now) {
        refuseUnless(canBeApplied(), "applied");
        this.status = RequestStatus.ISSUED;
        this.updatedAt = now;
        return new Change(this, AuditEntry.of(actor, "key.budget_changed", "KEY", targetKeyId, id,
                Map.of("max_budget", budgetBefore),
                Map.of("max_budget", terms().maxBudget(), "approved_by", String.valueOf(approvedBy()))));
    }

    /** Runs a transition and returns it with the audit event holding the values before and after it. */
    private Change change(Actor actor, String action, Runnable transition) {
        Map<String, Object> before = auditValues();
        transition.run();
        return new Change(this, AuditEntry.of(actor, action, "REQUEST", id, id, before, auditValues()));
    }

    private void refuseUnless(boolean allowed, String transition) {
        if (!allowed) {
            throw new IllegalStateException("Request " + id + " is " + status + " and cannot be " + transition);
        }
    }

    private void decide(RequestStatus outcome, Decider approver, String reason, Instant now) {
        this.status = outcome;
        this.decidedBy = approver.id();
        this.decidedByName = approver.name();
        this.decidedAt = now;
        this.decisionReason = reason;
        this.outcomeMessage = null;
        this.updatedAt = now;
    }

    private void setTerms(KeyTerms granted) {
        this.terms = new StoredTerms(granted);
    }

    /**
     * A bigger budget for an existing key: the key's limits with the new budget. Within the ceiling it is
     * approved by policy at once and applied; above it, it waits for an approver.
     */
    static KeyRequest budgetIncrease(UUID requesterId, UUID submissionId, UUID keyId, String keyAlias, String purpose,
            KeyTerms terms, String team, Policy policy, boolean autoApproved, String reasons, Instant now) {
        KeyRequest request = new KeyRequest(requesterId, submissionId, keyAlias, purpose, terms, team, policy,
                autoApproved ? RequestStatus.APPROVED : RequestStatus.PENDING_APPROVAL,
                autoApproved ? null : reasons, now);
        request.kind = RequestKind.BUDGET_INCREASE;
        request.targetKeyId = keyId;
        request.approvalKind = autoApproved ? ApprovalKind.POLICY : null;
        return request;
    }

    /**
     * A rotation: a new key with the same limits as the old one, issued at once (its limits were granted
     * before), after which the old key is deleted.
     */
    static KeyRequest rotation(UUID requesterId, UUID submissionId, UUID oldKeyId, String keyAlias, String purpose,
            KeyTerms terms, String team, Policy policy, Instant now) {
        KeyRequest request = new KeyRequest(requesterId, submissionId, keyAlias, purpose, terms, team, policy,
                RequestStatus.ISSUING, null, now);
        request.kind = RequestKind.ROTATION;
        request.targetKeyId = oldKeyId;
        request.approvalKind = ApprovalKind.ROTATION;
        return request;
    }

    /** An admin adopts a key that exists in LiteLLM: recorded as already issued, approved by that admin. */
    static KeyRequest imported(UUID ownerId, String keyAlias, KeyTerms terms, String team, Policy policy,
            Decider admin, Instant now) {
        KeyRequest request = new KeyRequest(ownerId, UUID.randomUUID(), keyAlias,
                "Adopted from LiteLLM by " + admin.name(), terms, team, policy, RequestStatus.ISSUED, null, now);
        request.kind = RequestKind.IMPORT;
        request.approvalKind = ApprovalKind.IMPORT;
        request.approvedBy = admin.litellmUserId();
        request.decidedBy = admin.id();
        request.decidedByName = admin.name();
        request.decidedAt = now;
        return request;
    }

    RequestKind kind() {
        return kind;
    }

    UUID targetKeyId() {
        return targetKeyId;
    }

    UUID id() {
        return id;
    }

    UUID requesterId() {
        return requesterId;
    }

    RequestStatus status() {
        return status;
    }

    String litellmAlias() {
        return litellmAlias;
    }

    String keyAlias() {
        return keyAlias;
    }

    String team() {
        return team;
    }

    KeyTerms terms() {
        return terms.toTerms();
    }

    KeyTerms askedTerms() {
        return asked.toTerms();
    }

    /** How it was approved; null while nobody has. */
    ApprovalKind approvalKind() {
        return approvalKind;
    }

    /**
     * Who approved, as LiteLLM's key metadata ({@code approved_by}) and the audit trail name it: {@code policy},
     * {@code rotation} or the person's LiteLLM user id; null while nobody has.
     */
    String approvedBy() {
        return approvalKind == null ? null : approvalKind.approvedBy(approvedBy);
    }

    UUID policyId() {
        return policyId;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    /** The values the audit trail records for this request (never a secret). */
    Map<String, Object> auditValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("status", status.name());
        values.put("kind", kind.name());
        if (targetKeyId != null) {
            values.put("target_key_id", targetKeyId.toString());
        }
        values.put("key_alias", keyAlias);
        KeyTerms granted = terms();
        values.put(KeyParameter.MODELS, granted.models());
        KeyParameter.ALL.forEach(parameter -> values.put(parameter.field(), granted.get(parameter)));
        values.put("team", team);
        values.put("policy_version", policyVersion);
        if (decidedByName != null) {
            values.put("decided_by", decidedByName);
            values.put("decision_reason", decisionReason);
        }
        return values;
    }

    KeyRequestView view() {
        return new KeyRequestView(id, requesterId, kind, targetKeyId, status, keyAlias, purpose, terms(), askedTerms(), team,
                policyVersion, outcomeMessage, approvedBy(), decidedByName, decidedAt, decisionReason, createdAt,
                updatedAt);
    }
}
