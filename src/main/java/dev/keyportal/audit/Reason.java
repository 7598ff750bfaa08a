package dev.keyportal.audit;

import java.util.Optional;

/**
 * The reason a person gives for an audited action (deny, block, offboard): required, bounded, and {@link FreeText}
 * (line breaks allowed where the reason is a paragraph).
 */
public final class Reason {

    private Reason() {
    }

    /**
     * The trimmed reason, or empty when it is missing, longer than {@code maxLength} or not {@link FreeText}
     * ({@link FreeText.Check#problem} says why).
     */
    public static Optional<String> of(String raw, int maxLength, boolean lineBreaks) {
        String trimmed = raw == null ? "" : raw.trim();
        return trimmed.isEmpty() || trimmed.length() > maxLength || FreeText.Check.problem(trimmed, lineBreaks).isPresent()
                ? Optional.empty() : Optional.of(trimmed);
    }
}
