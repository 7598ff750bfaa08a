package dev.keyportal.keyrequest;

import java.util.List;

import dev.keyportal.policy.OpenRequests;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The requests waiting for approval, for the policy editor's preview (the policy module cannot see requests). */
@Component
class OpenRequestsForPolicy implements OpenRequests {

    private final KeyRequestRepository requests;

    OpenRequestsForPolicy(KeyRequestRepository requests) {
        this.requests = requests;
    }

    @Override
    @Transactional(readOnly = true)
    public List<OpenRequest> pendingApproval() {
        return requests.findByStatusOrderByCreatedAtAsc(RequestStatus.PENDING_APPROVAL).stream()
                .map(request -> new OpenRequest(request.id(), request.requesterId(), request.team(),
                        request.terms()))
                .toList();
    }
}
