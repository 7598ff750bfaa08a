package dev.keyportal.keys;

import java.math.BigDecimal;

/** A person's live keys and the sum of their budgets. */
public record Holdings(int liveKeys, BigDecimal totalBudget) {
}
