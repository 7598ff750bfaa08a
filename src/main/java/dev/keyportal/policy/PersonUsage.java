package dev.keyportal.policy;

import java.math.BigDecimal;

/** What a person already holds: live keys (and open requests) and their summed budgets. */
public record PersonUsage(int liveKeys, BigDecimal totalBudget) {
}
