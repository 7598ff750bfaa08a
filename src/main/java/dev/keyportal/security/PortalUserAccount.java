package dev.keyportal.security;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The local record of a person, keyed by OIDC issuer and subject. */
@Entity
@Table(name = "portal_user")
class PortalUserAccount {

    @Id
    private UUID id;

    private String issuer;

    private String subject;

    @Column(name = "litellm_user_id")
    private String litellmUserId;

    private String email;

    private String displayName;

    private String team;

    private String roles;

    private Instant createdAt;

    private Instant lastLoginAt;

    private Instant disabledAt;

    @Version
    private long version;

    protected PortalUserAccount() {
    }

    PortalUserAccount(String issuer, String subject, String litellmUserId, Instant now) {
        this.id = UUID.randomUUID();
        this.issuer = issuer;
        this.subject = subject;
        this.litellmUserId = litellmUserId;
        this.createdAt = now;
        this.lastLoginAt = now;
    }

    /** Name, email and team follow the identity provider; the LiteLLM user id never changes. */
    void signedIn(String displayName, String email, String team, java.util.Set<Role> roles, Instant now) {
        this.displayName = displayName;
        this.email = email;
        this.team = team;
        this.roles = roles.stream().map(Role::name).sorted().collect(java.util.stream.Collectors.joining(","));
        this.lastLoginAt = now;
    }

    boolean hasRole(Role role) {
        return roles != null && java.util.Arrays.asList(roles.split(",")).contains(role.name());
    }

    /** Roles as of the last sign-in. */
    java.util.Set<Role> roles() {
        java.util.Set<Role> held = java.util.EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (hasRole(role)) {
                held.add(role);
            }
        }
        return held;
    }

    boolean disabled() {
        return disabledAt != null;
    }

    void disable(Instant now) {
        this.disabledAt = now;
    }

    void enable() {
        this.disabledAt = null;
    }

    /**
     * Binds the record to another identity (an admin's re-binding after an identity-provider move): the same
     * person, keys and LiteLLM user id, signing in with a new issuer and subject.
     */
    void rebind(String issuer, String subject) {
        this.issuer = issuer;
        this.subject = subject;
    }

    UUID id() {
        return id;
    }

    String issuer() {
        return issuer;
    }

    Instant lastLoginAt() {
        return lastLoginAt;
    }

    String subject() {
        return subject;
    }

    String litellmUserId() {
        return litellmUserId;
    }

    String displayName() {
        return displayName;
    }

    String email() {
        return email;
    }

    String team() {
        return team;
    }
}
