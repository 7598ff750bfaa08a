package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.keyportal.policy.KeyTerms;

/**
 * A request as pages show it: the values granted (equal to those asked unless an approver lowered them), the
 * values asked, and the decision. {@code approvedBy} names who approved as LiteLLM's key metadata does:
 * {@code policy}, {@code rotation} or the person's LiteLLM user id.
 */
public record KeyRequestView(UUID id, UUID requesterId, RequestKind kind, UUID targetKeyId, RequestStatus status, String keyAlias, String purpose,
        KeyTerms granted, KeyTerms asked, String team, int policyVersion, String outcomeMessage, String approvedBy,
        String decidedBy, Instant decidedAt, String decisionReason, Instant createdAt, Instant updatedAt) {

    public boolean budgetIncrease() {
        return kind == RequestKind.BUDGET_INCREASE;
    }

    public boolean open() {
        return status.open();
    }

    /** The same rules as the request's own predicates, for pages that offer the matching buttons. */
    public boolean canBeDecided() {
        return status.awaitsDecision();
    }

    public boolean canBeCancelled() {
        return status.waiting();
    }

    public boolean canBeCollected() {
        return status.collectable(kind);
    }

    public boolean canBeApplied() {
        return status.applicable(kind);
    }

    /** True when an approver granted less than was asked. */
    public boolean lowered() {
        return !granted.sameAs(asked);
    }

    public List<String> models() {
        return granted.models();
    }

    public BigDecimal maxBudget() {
        return granted.maxBudget();
    }
}
