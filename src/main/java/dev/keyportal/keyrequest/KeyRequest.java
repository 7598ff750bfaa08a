package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policy;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A request for a key. Guards its own transitions; the values are the terms after the policy's defaults. */
@Entity
@Table(name = "key_request")
class KeyRequest {

    @Id
    private UUID id;

    private UUID requesterId;

    private UUID submissionId;

    @Enumerated(EnumType.STRING)
    private RequestStatus status;

    private String keyAlias;

    private String purpose;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] models;

    private BigDecimal maxBudget;

    private String budgetDuration;

    private String duration;

    private Integer rpmLimit;

    private Integer tpmLimit;

    private Integer maxParallelRequests;

    private String team;

    private UUID policyId;

    private int policyVersion;

    private String litellmAlias;

    private String outcomeMessage;

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
        this.models = terms.models().toArray(String[]::new);
        this.maxBudget = terms.maxBudget();
        this.budgetDuration = terms.budgetDuration();
        this.duration = terms.duration();
        this.rpmLimit = terms.rpmLimit();
        this.tpmLimit = terms.tpmLimit();
        this.maxParallelRequests = terms.maxParallelRequests();
        this.team = team;
        this.policyId = policy.id();
        this.policyVersion = policy.version();
        // unique across all of LiteLLM, findable again, and never colliding between people (DESIGN step 2)
        this.litellmAlias = "kp-" + id;
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

    void issued(Instant now) {
        requireStatus(RequestStatus.ISSUING);
        this.status = RequestStatus.ISSUED;
        this.outcomeMessage = null;
        this.updatedAt = now;
    }

    void failed(String reason, Instant now) {
        requireStatus(RequestStatus.ISSUING);
        this.status = RequestStatus.FAILED;
        this.outcomeMessage = reason;
        this.updatedAt = now;
    }

    private void requireStatus(RequestStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("Request " + id + " is " + status + ", not " + expected);
        }
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
        return new KeyTerms(List.of(models), maxBudget, budgetDuration, duration, rpmLimit, tpmLimit,
                maxParallelRequests);
    }

    /** The values the audit trail records for this request (never a secret). */
    Map<String, Object> auditValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("status", status.name());
        values.put("key_alias", keyAlias);
        values.put("models", List.of(models));
        values.put("max_budget", maxBudget);
        values.put("budget_duration", budgetDuration);
        values.put("duration", duration);
        values.put("rpm_limit", rpmLimit);
        values.put("tpm_limit", tpmLimit);
        values.put("max_parallel_requests", maxParallelRequests);
        values.put("team", team);
        values.put("policy_version", policyVersion);
        return values;
    }

    KeyRequestView view() {
        return new KeyRequestView(id, requesterId, status, keyAlias, purpose, List.of(models), maxBudget,
                budgetDuration, duration, rpmLimit, tpmLimit, maxParallelRequests, team, policyVersion,
                outcomeMessage, createdAt, updatedAt);
    }
}
