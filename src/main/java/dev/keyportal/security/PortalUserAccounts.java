package dev.keyportal.security;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PortalUserAccounts extends JpaRepository<PortalUserAccount, UUID> {

    Optional<PortalUserAccount> findByIssuerAndSubject(String issuer, String subject);

    Optional<PortalUserAccount> findByLitellmUserId(String litellmUserId);

    java.util.List<PortalUserAccount> findByTeam(String team);

    java.util.List<PortalUserAccount> findByDisabledAtIsNotNull();

    @org.springframework.data.jpa.repository.Query("select a from PortalUserAccount a where a.roles like '%ADMIN%'")
    java.util.List<PortalUserAccount> findAdmins();
}
