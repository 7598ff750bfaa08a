package dev.keyportal.audit;

import java.util.Optional;

/**
 * The reason a person gives for an audited action (deny, block, offboard): required, bounded, and free of control
 * characters (line breaks allowed where the reason is a paragraph).
 */
public final class Reason {

    private Reason() {
    }

    /** The trimmed reason, or empty when it is missing, longer than {@code maxLength} or holds control characters. */
    public static Optional<String> of(String raw, int maxLength, boolean lineBreaks) {
        String trimmed = raw == null ? "" : raw.trim();
        boolean clean = trimmed.chars().noneMatch(c -> Character.isISOControl(c)
                && !(lineBreaks && (c == '\n' || c == '\r' || c == '\t')));
        return trimmed.isEmpty() || trimmed.length() > maxLength || !clean ? Optional.empty() : Optional.of(trimmed);
    }
}
