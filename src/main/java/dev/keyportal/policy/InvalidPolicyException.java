package dev.keyportal.policy;

import java.util.Map;

/** Policy values (or a team name) that cannot be saved, with a message per form field. Nothing was saved. */
public class InvalidPolicyException extends RuntimeException {

    private final transient Map<String, String> fieldErrors;

    public InvalidPolicyException(Map<String, String> fieldErrors) {
        super("Invalid policy values: " + fieldErrors.keySet(), null, false, false);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** Messages by form field name. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
