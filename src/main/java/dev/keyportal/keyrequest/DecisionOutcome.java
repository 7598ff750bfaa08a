package dev.keyportal.keyrequest;

import java.util.Map;

/** What became of an approver's decision. */
public sealed interface DecisionOutcome {

    /** The decision was recorded. */
    record Decided(KeyRequestView request) implements DecisionOutcome {
    }

    /** Someone else decided first (or the requester cancelled): nothing changed. */
    record AlreadyDecided(KeyRequestView request) implements DecisionOutcome {
    }

    /** The values cannot be granted: messages per form field. */
    record Invalid(Map<String, String> fieldErrors) implements DecisionOutcome {
    }
}
