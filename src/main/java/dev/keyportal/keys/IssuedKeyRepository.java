package dev.keyportal.keys;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface IssuedKeyRepository extends JpaRepository<IssuedKey, UUID> {

    List<IssuedKey> findByOwnerIdOrderByCreatedAtDesc(UUID ownerId);

    Optional<IssuedKey> findByRequestId(UUID requestId);

    List<IssuedKey> findByTokenHashIn(java.util.Collection<String> tokenHashes);

    @Query("select distinct k.ownerId from IssuedKey k where k.status in"
            + " (dev.keyportal.keys.KeyStatus.ACTIVE, dev.keyportal.keys.KeyStatus.BLOCKED)")
    List<UUID> ownersOfLiveKeys();

    List<IssuedKey> findByOwnerIdAndStatusIn(UUID ownerId, List<KeyStatus> statuses);

    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select k from IssuedKey k where k.id = ?1")
    Optional<IssuedKey> lockById(UUID id);

    @Query("select count(k) from IssuedKey k where k.ownerId = ?1 and k.status in"
            + " (dev.keyportal.keys.KeyStatus.ACTIVE, dev.keyportal.keys.KeyStatus.BLOCKED)")
    int countLive(UUID ownerId);

    @Query("select coalesce(sum(k.terms.maxBudget), 0) from IssuedKey k where k.ownerId = ?1 and k.status in"
            + " (dev.keyportal.keys.KeyStatus.ACTIVE, dev.keyportal.keys.KeyStatus.BLOCKED)")
    BigDecimal sumLiveBudgets(UUID ownerId);
}
