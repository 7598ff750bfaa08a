package dev.keyportal.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A live key used {@link BudgetWarnings#PERCENT}% of its budget or more in this budget period; announced once per
 * period. {@code resetsAt} is null for a budget that never resets.
 */
public record KeyNearBudget(UUID keyId, UUID ownerId, String keyAlias, BigDecimal spend, BigDecimal maxBudget,
        Instant resetsAt) {

    /** How much of the budget is used, in whole percent (rounded down). */
    public int percentUsed() {
        return spend.multiply(BigDecimal.valueOf(100)).divide(maxBudget, 0, java.math.RoundingMode.FLOOR).intValue();
    }
}
