package dev.keyportal.litellm;

import java.math.BigDecimal;

/** One key's spend on one public model name over one UTC day, as LiteLLM's daily table holds it. */
public record DailySpend(String tokenHash, String model, BigDecimal spend, long requests, long tokens) {

    DailySpend plus(DailySpend other) {
        return new DailySpend(tokenHash, model, spend.add(other.spend), requests + other.requests,
                tokens + other.tokens);
    }
}
