package dev.keyportal.litellm;

import java.time.Instant;

/** A key LiteLLM has just created: its hash and masked name to keep, and the plaintext to show once. */
public record CreatedKey(String tokenHash, String keyName, KeyPlaintext plaintext, Instant expires) {
}
