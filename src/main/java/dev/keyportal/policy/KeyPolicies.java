package dev.keyportal.policy;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface KeyPolicies extends JpaRepository<KeyPolicy, UUID> {

    @Query("select p from KeyPolicy p where p.team is null")
    Optional<KeyPolicy> findGlobal();

    Optional<KeyPolicy> findByTeam(String team);
}
