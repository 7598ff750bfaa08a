package dev.keyportal.policy;

import java.time.Instant;

/** A policy in the admins' list: its values, when it last changed and who changed it (null if unknown). */
public record PolicySummary(Policy policy, Instant updatedAt, PolicyChange lastChange) {

    public boolean global() {
        return policy.team() == null;
    }
}
