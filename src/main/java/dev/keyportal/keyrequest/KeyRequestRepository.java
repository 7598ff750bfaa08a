package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface KeyRequestRepository extends JpaRepository<KeyRequest, UUID> {

    /** The request, locked for this transaction: deciders and collectors queue up, one wins. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from KeyRequest r where r.id = ?1")
    Optional<KeyRequest> lockById(UUID id);

    List<KeyRequest> findByStatusOrderByCreatedAtAsc(RequestStatus status);

    List<KeyRequest> findByStatusAndRequesterIdNotOrderByCreatedAtAscIdAsc(RequestStatus status, UUID requesterId,
            org.springframework.data.domain.Pageable page);

    List<KeyRequest> findByStatusAndTeamAndRequesterIdNotOrderByCreatedAtAscIdAsc(RequestStatus status, String team,
            UUID requesterId, org.springframework.data.domain.Pageable page);

    long countByStatusAndRequesterIdNot(RequestStatus status, UUID requesterId);

    long countByStatusAndTeamAndRequesterIdNot(RequestStatus status, String team, UUID requesterId);

    List<KeyRequest> findByStatusAndCreatedAtBefore(RequestStatus status, Instant before);

    List<KeyRequest> findByStatusAndDecidedAtBefore(RequestStatus status, Instant before);

    @Query("select count(r) from KeyRequest r where r.requesterId = ?1 and r.status in ?2 and r.id <> ?3")
    int countOthersByRequesterAndStatus(UUID requesterId, Collection<RequestStatus> statuses, UUID except);

    @Query("select coalesce(sum(r.terms.maxBudget), 0) from KeyRequest r where r.requesterId = ?1 and r.status in ?2"
            + " and r.id <> ?3")
    BigDecimal sumOthersBudgetByRequesterAndStatus(UUID requesterId, Collection<RequestStatus> statuses,
            UUID except);

    Optional<KeyRequest> findByRequesterIdAndSubmissionId(UUID requesterId, UUID submissionId);

    List<KeyRequest> findByRequesterIdOrderByCreatedAtDesc(UUID requesterId);

    List<KeyRequest> findByRequesterIdAndStatusIn(UUID requesterId, java.util.Collection<RequestStatus> statuses);

    List<KeyRequest> findByStatusAndUpdatedAtBefore(RequestStatus status, Instant before);

    List<KeyRequest> findByStatusAndUpdatedAtAfter(RequestStatus status, Instant after);

    @Query("select count(r) from KeyRequest r where r.requesterId = ?1 and r.status in ?2")
    int countByRequesterAndStatus(UUID requesterId, Collection<RequestStatus> statuses);

    @Query("select coalesce(sum(r.terms.maxBudget), 0) from KeyRequest r where r.requesterId = ?1 and r.status in ?2")
    BigDecimal sumBudgetByRequesterAndStatus(UUID requesterId, Collection<RequestStatus> statuses);

    /** Requests a person made since {@code since}: the per-person request rate, shared by every instance. */
    long countByRequesterIdAndCreatedAtAfter(UUID requesterId, Instant since);
}
