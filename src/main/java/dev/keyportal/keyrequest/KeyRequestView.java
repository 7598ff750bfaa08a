package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A request as pages show it. */
public record KeyRequestView(UUID id, UUID requesterId, RequestStatus status, String keyAlias, String purpose,
        List<String> models, BigDecimal maxBudget, String budgetDuration, String duration, Integer rpmLimit,
        Integer tpmLimit, Integer maxParallelRequests, String team, int policyVersion, String outcomeMessage,
        Instant createdAt, Instant updatedAt) {

    public boolean open() {
        return status.open();
    }
}
