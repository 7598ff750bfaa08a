package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the portal keeps about a key LiteLLM has just created. */
public record NewIssuedKey(UUID ownerId, UUID requestId, String tokenHash, String keyName, String keyAlias,
        String litellmAlias, List<String> models, BigDecimal maxBudget, String budgetDuration, Instant expiresAt,
        Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests, String team, UUID replacesKeyId) {
}
