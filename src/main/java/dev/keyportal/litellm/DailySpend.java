package dev.keyportal.litellm;

import java.math.BigDecimal;

/** One key's spend on one public model name over one UTC day, as LiteLLM's daily table holds it. */
public record DailySpend(String tokenHash, String model, BigDecimal spend, long requests, long tokens) {

    DailySpend plus(DailySpend other) {
        return new DailySpend(tokenHash, model, spend.add(other.spend), requests + other.requests,
                tokens + other.tokens);
    }

    /** What is left of this after {@code other}, never below zero (LiteLLM's totals are floats). */
    DailySpend minus(DailySpend other) {
        BigDecimal rest = spend.subtract(other.spend);
        return new DailySpend(tokenHash, model, rest.signum() < 0 ? BigDecimal.ZERO : rest,
                Math.max(0, requests - other.requests), Math.max(0, tokens - other.tokens));
    }
}
