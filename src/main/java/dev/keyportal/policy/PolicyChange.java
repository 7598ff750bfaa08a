package dev.keyportal.policy;

import java.time.Instant;
import java.util.UUID;

/** One version in a policy's history: which version, who made it ({@code changedBy} null for the migration), when. */
public record PolicyChange(int policyVersion, UUID changedBy, String changedByName, Instant changedAt) {
}
