package dev.keyportal.policy;

import java.util.List;
import java.util.UUID;

/**
 * What new values would do to the requests waiting for approval under a policy: each one judged by the current
 * values and by the new ones. Per-person caps are not counted (every requester is judged as holding nothing).
 */
public record PolicyPreview(List<Judged> requests) {

    public PolicyPreview {
        requests = List.copyOf(requests);
    }

    /** One pending request: its band under the current values and under the new ones. */
    public record Judged(UUID requestId, String team, Band current, Band proposed) {

        public boolean moves() {
            return current != proposed;
        }

        public String currentLabel() {
            return label(current);
        }

        public String proposedLabel() {
            return label(proposed);
        }

        private static String label(Band band) {
            return switch (band) {
                case AUTO_APPROVE -> "auto-approved";
                case NEEDS_APPROVAL -> "needs approval";
                case REFUSED -> "refused";
            };
        }
    }

    public int total() {
        return requests.size();
    }

    public long count(Band proposed) {
        return requests.stream().filter(judged -> judged.proposed() == proposed).count();
    }

    /** The requests that would land in another band. */
    public List<Judged> moving() {
        return requests.stream().filter(Judged::moves).toList();
    }

    /** "3 pending requests: 1 would now be auto-approved, 2 still need approval, 0 would be refused." */
    public String summary() {
        return total() + (total() == 1 ? " pending request: " : " pending requests: ") + count(Band.AUTO_APPROVE)
                + " would now be auto-approved, " + count(Band.NEEDS_APPROVAL) + " still need approval, "
                + count(Band.REFUSED) + " would be refused.";
    }
}
