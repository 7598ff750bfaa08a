package dev.keyportal.policy;

import java.time.Instant;
import java.util.List;

import dev.keyportal.litellm.ModelCatalog;

/**
 * Everything the policy editor shows: the policy, its optimistic-locking {@code version} (the form sends it back
 * so a save over someone else's change is noticed), its history newest first, and the models the proxy offers.
 */
public record PolicyEdit(Policy policy, long version, Instant updatedAt, List<PolicyChange> history,
        ModelCatalog catalog) {

    public PolicyEdit {
        history = List.copyOf(history);
    }

    public PolicyValues values() {
        return PolicyValues.of(policy);
    }

    /** The latest change, or null when the history is empty. */
    public PolicyChange lastChange() {
        return history.isEmpty() ? null : history.get(0);
    }
}
