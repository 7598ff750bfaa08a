package dev.keyportal.keyrequest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.policy.PersonUsage;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of the requests that wait for a decision, for the approval module's queue and review page. Who may see
 * which of them is the approval module's rule; these queries only filter by team and leave out one requester
 * (the approver's own requests). The counts are count queries, cheap enough for every page's navigation.
 */
@Service
@Transactional(readOnly = true)
public class PendingRequests {

    private final KeyRequestRepository requests;
    private final KeyRequests keyRequests;

    PendingRequests(KeyRequestRepository requests, KeyRequests keyRequests) {
        this.requests = requests;
        this.keyRequests = keyRequests;
    }

    /**
     * A page (0-based, {@code size} requests) of every team's pending requests except those of {@code requesterId},
     * oldest first.
     */
    public List<KeyRequestView> everyTeamExcept(UUID requesterId, int page, int size) {
        return requests.findByStatusAndRequesterIdNotOrderByCreatedAtAscIdAsc(RequestStatus.PENDING_APPROVAL,
                requesterId, org.springframework.data.domain.PageRequest.of(page, size))
                .stream().map(KeyRequest::view).toList();
    }

    /** A page (0-based) of one team's pending requests except those of {@code requesterId}, oldest first. */
    public List<KeyRequestView> ofTeamExcept(String team, UUID requesterId, int page, int size) {
        return requests.findByStatusAndTeamAndRequesterIdNotOrderByCreatedAtAscIdAsc(RequestStatus.PENDING_APPROVAL,
                team, requesterId, org.springframework.data.domain.PageRequest.of(page, size))
                .stream().map(KeyRequest::view).toList();
    }

    /** How many {@link #everyTeamExcept} would list. */
    public long countEveryTeamExcept(UUID requesterId) {
        return requests.countByStatusAndRequesterIdNot(RequestStatus.PENDING_APPROVAL, requesterId);
    }

    /** How many {@link #ofTeamExcept} would list. */
    public long countOfTeamExcept(String team, UUID requesterId) {
        return requests.countByStatusAndTeamAndRequesterIdNot(RequestStatus.PENDING_APPROVAL, team, requesterId);
    }

    /** A request by id in whatever state it is now (a review page stays readable after the decision). */
    public Optional<KeyRequestView> find(UUID id) {
        return requests.findById(id).map(KeyRequest::view);
    }

    /** What the request's requester holds besides it: their keys and their other open requests. */
    public PersonUsage usageBesides(KeyRequestView request) {
        return keyRequests.usageExcluding(request.requesterId(), request.id());
    }
}
