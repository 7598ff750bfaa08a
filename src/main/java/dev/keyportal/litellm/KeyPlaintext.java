package dev.keyportal.litellm;

import java.util.Objects;

/**
 * A freshly created key's plaintext. It exists only in memory on the way to the one page that shows it;
 * {@link #toString()} never reveals it, so it cannot slip into a log line or an exception message.
 */
public final class KeyPlaintext {

    private final String value;

    public KeyPlaintext(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The plaintext, for the page rendered by the POST that issued the key — and nowhere else. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[key redacted]";
    }
}
