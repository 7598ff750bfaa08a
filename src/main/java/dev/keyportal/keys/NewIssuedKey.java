package dev.keyportal.keys;

import java.time.Instant;
import java.util.UUID;

import dev.keyportal.policy.KeyTerms;

/** What the portal keeps about a key LiteLLM has just created. */
public record NewIssuedKey(UUID ownerId, UUID requestId, String tokenHash, String keyName, String keyAlias,
        String litellmAlias, KeyTerms terms, Instant expiresAt, String team, UUID replacesKeyId,
        java.math.BigDecimal softBudget) {

    /** A key without a soft budget. */
    public NewIssuedKey(UUID ownerId, UUID requestId, String tokenHash, String keyName, String keyAlias,
            String litellmAlias, KeyTerms terms, Instant expiresAt, String team, UUID replacesKeyId) {
        this(ownerId, requestId, tokenHash, keyName, keyAlias, litellmAlias, terms, expiresAt, team, replacesKeyId,
                null);
    }
}
