package dev.keyportal.approval;

import java.util.List;
import java.util.UUID;

import dev.keyportal.keyrequest.ApprovalForm;
import dev.keyportal.keyrequest.DecisionOutcome;
import dev.keyportal.keyrequest.Decisions;
import dev.keyportal.keyrequest.KeyRequestView;
import dev.keyportal.keyrequest.PendingRequests;
import dev.keyportal.security.AccessDenials;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Service;

/**
 * The approval queue: which requests an approver sees and may decide, and the decisions taken from it. Approvers
 * see their own team's pending requests (every team's with {@code portal.approvals.cross-team}), admins see all;
 * a request outside that is "not found". Nobody's own requests are in their queue; deciding them is refused by
 * the request itself ({@link Decisions}).
 */
@Service
public class ApprovalQueue {

    private final PendingRequests pending;
    private final Decisions decisions;
    private final ApprovalProperties properties;
    private final AccessDenials denials;

    ApprovalQueue(PendingRequests pending, Decisions decisions, ApprovalProperties properties,
            AccessDenials denials) {
        this.denials = denials;
        this.pending = pending;
        this.decisions = decisions;
        this.properties = properties;
    }

    /** A page (0-based, {@code size} requests) of the pending requests this person may decide, oldest first. */
    public List<KeyRequestView> queueFor(PortalUser approver, int page, int size) {
        if (!approver.isApprover()) {
            return List.of();
        }
        if (seesEveryTeam(approver)) {
            return pending.everyTeamExcept(approver.id(), page, size);
        }
        return approver.team() == null ? List.of() : pending.ofTeamExcept(approver.team(), approver.id(), page, size);
    }

    /** How many requests wait for this person's decision (the count in their navigation), counted in SQL. */
    public long pendingCountFor(PortalUser approver) {
        if (!approver.isApprover()) {
            return 0;
        }
        if (seesEveryTeam(approver)) {
            return pending.countEveryTeamExcept(approver.id());
        }
        return approver.team() == null ? 0 : pending.countOfTeamExcept(approver.team(), approver.id());
    }

    /** The request if this approver may see it, in whatever state it is now; "not found" otherwise. */
    KeyRequestView visible(PortalUser approver, UUID id) {
        KeyRequestView request = pending.find(id).orElseThrow(NotInQueueException::new);
        if (!sees(approver, request)) {
            denials.denied(approver, "REQUEST", id);
            throw new NotInQueueException();
        }
        return request;
    }

    /** Approves, optionally with lower values, a request this approver may see. */
    DecisionOutcome approve(PortalUser approver, UUID id, ApprovalForm form) {
        visible(approver, id);
        return decisions.approve(approver, id, form);
    }

    /** Denies, with a reason the requester reads, a request this approver may see. */
    DecisionOutcome deny(PortalUser approver, UUID id, String reason) {
        visible(approver, id);
        return decisions.deny(approver, id, reason);
    }

    private boolean sees(PortalUser approver, KeyRequestView request) {
        return approver.isApprover() && (seesEveryTeam(approver)
                || (request.team() != null && request.team().equals(approver.team())));
    }

    private boolean seesEveryTeam(PortalUser approver) {
        return approver.isAdmin() || properties.crossTeam();
    }
}
