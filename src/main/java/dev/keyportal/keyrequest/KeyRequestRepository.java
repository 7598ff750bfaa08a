package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface KeyRequestRepository extends JpaRepository<KeyRequest, UUID> {

    Optional<KeyRequest> findByRequesterIdAndSubmissionId(UUID requesterId, UUID submissionId);

    List<KeyRequest> findByRequesterIdOrderByCreatedAtDesc(UUID requesterId);

    List<KeyRequest> findByStatusAndUpdatedAtBefore(RequestStatus status, Instant before);

    @Query("select count(r) from KeyRequest r where r.requesterId = ?1 and r.status in ?2")
    int countByRequesterAndStatus(UUID requesterId, Collection<RequestStatus> statuses);

    @Query("select coalesce(sum(r.maxBudget), 0) from KeyRequest r where r.requesterId = ?1 and r.status in ?2")
    BigDecimal sumBudgetByRequesterAndStatus(UUID requesterId, Collection<RequestStatus> statuses);
}
