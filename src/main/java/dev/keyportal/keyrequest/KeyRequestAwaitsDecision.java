package dev.keyportal.keyrequest;

import java.util.UUID;

/** A request went above an auto-approve ceiling and waits for an approver (published in its transaction). */
public record KeyRequestAwaitsDecision(UUID requestId, String team, String requesterName, String keyAlias,
        boolean budgetIncrease) {
}
