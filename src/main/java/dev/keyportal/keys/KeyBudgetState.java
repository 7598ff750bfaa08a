package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What LiteLLM last said about a key's spend and budget, as the portal copied it ({@code seenAt}: when). {@code
 * softBudget} is LiteLLM's alert threshold (null: none); {@code blocked} whether LiteLLM refuses the key.
 */
public record KeyBudgetState(BigDecimal spend, BigDecimal maxBudget, BigDecimal softBudget, Instant budgetResetAt,
        boolean blocked, Instant seenAt) {
}
