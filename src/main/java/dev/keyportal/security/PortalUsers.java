package dev.keyportal.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** People known to the portal: created or refreshed at sign-in, looked up per request. */
@Service
public class PortalUsers {

    private final PortalUserAccounts accounts;
    private final AuditTrail audit;
    private final Clock clock;

    PortalUsers(PortalUserAccounts accounts, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records a sign-in. The first sign-in binds the LiteLLM user id; later ones keep it. A LiteLLM user id
     * already bound to another identity is refused and audited.
     */
    @Transactional(noRollbackFor = IdentityConflictException.class)
    public PortalUser signIn(SignIn signIn) {
        PortalUserAccount account = accounts.findByIssuerAndSubject(signIn.issuer(), signIn.subject())
                .orElseGet(() -> register(signIn));
        account.signedIn(signIn.displayName(), signIn.email(), signIn.team(), signIn.roles(), clock.instant());
        return view(account, signIn.roles());
    }

    private PortalUserAccount register(SignIn signIn) {
        Optional<PortalUserAccount> holder = accounts.findByLitellmUserId(signIn.litellmUserId());
        if (holder.isPresent()) {
            audit.record(AuditEntry.of(null, signIn.displayName(), "identity.conflict", "USER", holder.get().id(),
                    null, null, Map.of("issuer", signIn.issuer(), "subject", signIn.subject(), "litellm_user_id",
                            signIn.litellmUserId())));
            throw new IdentityConflictException("LiteLLM user id already bound to another identity");
        }
        PortalUserAccount account =
                new PortalUserAccount(signIn.issuer(), signIn.subject(), signIn.litellmUserId(), clock.instant());
        account.signedIn(signIn.displayName(), signIn.email(), signIn.team(), signIn.roles(), clock.instant());
        accounts.saveAndFlush(account);
        audit.record(AuditEntry.of(account.id(), signIn.displayName(), "user.registered", "USER", account.id(), null,
                null, Map.of("issuer", signIn.issuer(), "subject", signIn.subject(), "litellm_user_id",
                        signIn.litellmUserId())));
        return account;
    }

    /** The person behind a session, with the roles the session was granted at sign-in. */
    @Transactional(readOnly = true)
    public Optional<PortalUser> find(UUID id, Set<Role> roles) {
        return accounts.findById(id).map(account -> view(account, roles));
    }

    /**
     * Who decides a team's requests, as of their last sign-in: the team's approvers, or the admins when the
     * team has none. Used for notifications.
     */
    @Transactional(readOnly = true)
    public List<PortalUser> approversOf(String team) {
        List<PortalUserAccount> approvers = team == null ? List.of() : accounts.findByTeam(team).stream()
                .filter(a -> a.hasRole(Role.APPROVER) && !a.hasRole(Role.ADMIN)).toList();
        if (approvers.isEmpty()) {
            approvers = accounts.findAdmins().stream().filter(a -> a.hasRole(Role.ADMIN)).toList();
        }
        return approvers.stream().map(a -> view(a, Set.of(Role.APPROVER))).toList();
    }

    /** Everyone who has signed in, by name (admins' user list). */
    @Transactional(readOnly = true)
    public List<PortalUser> everyone() {
        return accounts.findAll(org.springframework.data.domain.Sort.by("displayName")).stream()
                .map(a -> view(a, rolesOf(a))).toList();
    }

    private static Set<Role> rolesOf(PortalUserAccount account) {
        Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (account.hasRole(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    private static PortalUser view(PortalUserAccount account, Set<Role> roles) {
        return new PortalUser(account.id(), account.litellmUserId(), account.displayName(), account.email(),
                account.team(), roles);
    }

    /** What the identity provider said about a person at sign-in. */
    public record SignIn(String issuer, String subject, String litellmUserId, String displayName, String email,
            String team, Set<Role> roles) {
    }
}
