package dev.keyportal.litellm;

import java.math.BigDecimal;

/** One request's spend as LiteLLM logged it: the key's hash, the public model name, USD and tokens. */
public record SpendEntry(String tokenHash, String model, BigDecimal spend, long tokens) {
}
