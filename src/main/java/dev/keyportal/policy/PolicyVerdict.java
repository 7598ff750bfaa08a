package dev.keyportal.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policy's judgement of a request: the terms after defaults, a band per field with a message for anything
 * not auto-approved, and the overall band (the worst of the fields). Field names are the request form's.
 */
public record PolicyVerdict(KeyTerms terms, Map<String, FieldVerdict> fields, Band band) {

    /** Verdict on one field. */
    public record FieldVerdict(Band band, String message) {
    }

    public Map<String, String> refusals() {
        return messagesIn(Band.REFUSED);
    }

    public Map<String, String> approvalReasons() {
        return messagesIn(Band.NEEDS_APPROVAL);
    }

    private Map<String, String> messagesIn(Band wanted) {
        Map<String, String> messages = new LinkedHashMap<>();
        fields.forEach((field, verdict) -> {
            if (verdict.band() == wanted) {
                messages.put(field, verdict.message());
            }
        });
        return Collections.unmodifiableMap(messages);
    }
}
