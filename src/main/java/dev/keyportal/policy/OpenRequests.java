package dev.keyportal.policy;

import java.util.List;
import java.util.UUID;

/**
 * The requests waiting for an approver, as the policy preview needs them. Implemented by the module that owns
 * requests, so this module does not depend on it.
 */
public interface OpenRequests {

    /** Every request in {@code PENDING_APPROVAL}, oldest first, with the requester's team (null for none). */
    List<OpenRequest> pendingApproval();

    /** A pending request's terms as they would be judged. */
    record OpenRequest(UUID requestId, UUID requesterId, String team, KeyTerms terms) {
    }
}
