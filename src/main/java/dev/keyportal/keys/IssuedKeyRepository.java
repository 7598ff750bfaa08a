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

    @Query("select count(k) from IssuedKey k where k.ownerId = ?1 and k.status <> dev.keyportal.keys.KeyStatus.REVOKED")
    int countLive(UUID ownerId);

    @Query("select coalesce(sum(k.maxBudget), 0) from IssuedKey k where k.ownerId = ?1"
            + " and k.status <> dev.keyportal.keys.KeyStatus.REVOKED")
    BigDecimal sumLiveBudgets(UUID ownerId);
}
