package dev.keyportal.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.audit.RepeatedEvents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** People known to the portal: created or refreshed at sign-in, looked up per request. */
@Service
public class PortalUsers {

    private final PortalUserAccounts accounts;
    private final AuditTrail audit;
    private final Clock clock;
    private final SessionEnding sessions;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final SignInRefusals refusals;
    private final RepeatedEvents repeated;

    PortalUsers(PortalUserAccounts accounts, AuditTrail audit, Clock clock, SessionEnding sessions,
            ApplicationEventPublisher events, TransactionTemplate transaction, SignInRefusals refusals,
            RepeatedEvents repeated) {
        this.refusals = refusals;
        this.repeated = repeated;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.sessions = sessions;
        this.events = events;
        this.transaction = transaction;
    }

    /**
     * Records a sign-in. The first sign-in binds the LiteLLM user id; later ones keep it. A LiteLLM user id
     * already bound to another identity is refused, and so is a disabled person ({@link #refused} records both).
     * Audited as {@code user.signed_in}, and as {@code user.roles_changed} when the claims give roles other than
     * those stored at the last sign-in.
     */
    @Transactional
    public PortalUser signIn(SignIn signIn) {
        Optional<PortalUserAccount> known = accounts.findByIssuerAndSubject(signIn.issuer(), signIn.subject());
        PortalUserAccount account = known.orElseGet(() -> register(signIn));
        if (account.disabled()) {
            throw new DisabledPersonException(account.id());
        }
        Set<Role> before = account.roles();
        account.signedIn(signIn.displayName(), signIn.email(), signIn.team(), signIn.roles(), clock.instant());
        refusals.clear(signIn.issuer(), signIn.subject());
        audit.record(AuditEntry.of(account.id(), signIn.displayName(), "user.signed_in", "USER", account.id(), null,
                null, Map.of("issuer", signIn.issuer(), "subject", signIn.subject())));
        if (known.isPresent() && !before.equals(account.roles())) {
            audit.record(AuditEntry.of(account.id(), signIn.displayName(), "user.roles_changed", "USER",
                    account.id(), null, Map.of("roles", names(before)), Map.of("roles", names(account.roles()))));
        }
        return view(account, signIn.roles());
    }

    private static String names(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * Keeps a refused sign-in where admins see it (one row per identity and reason, repeats counted), in a
     * transaction of its own: the sign-in itself failed. Audited as {@code user.sign_in_refused} with the reason,
     * at most once per identity and reason within the repeat interval ({@link RepeatedEvents}). The event's
     * subject is the person's record when there is one (the holder of the user id in a conflict, the disabled
     * person), otherwise the identity ({@code IDENTITY}, the SHA-256 of issuer and subject).
     */
    void refused(SignInRefusals.Refusal refusal, UUID recordId) {
        transaction.executeWithoutResult(status -> refusals.record(refusal));
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("reason", refusal.reason().code());
        after.put("issuer", readable(refusal.issuer(), 512));
        after.put("subject", readable(refusal.subject(), 255));
        String email = SignInRefusals.text(refusal.email(), 320);
        if (email != null) {
            after.put("email", email);
        }
        String name = SignInRefusals.text(refusal.displayName(), 255);
        repeated.record(String.join("|", "user.sign_in_refused", refusal.reason().code(), refusal.issuer(),
                        refusal.subject()),
                AuditEntry.of(refusal.reason() == RefusalReason.DISABLED ? recordId : null,
                        name == null ? "unknown" : name, "user.sign_in_refused", recordId == null ? "IDENTITY" : "USER",
                        recordId == null ? identityHash(refusal.issuer(), refusal.subject()) : recordId, null, null,
                        after));
    }

    private static String readable(String value, int max) {
        String text = SignInRefusals.text(value, max);
        return text == null ? "(not plain text)" : text;
    }

    /** An identity as an audit subject id: the SHA-256 of issuer and subject, in hex (64 characters). */
    static String identityHash(String issuer, String subject) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((issuer + "\u001f" + subject).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refused sign-ins, newest first (at most {@code limit}): who is waiting for an admin. An identity conflict
     * names the person whose record holds the identity's LiteLLM user id.
     */
    @Transactional(readOnly = true)
    public List<RefusedSignIn> waitingSignIns(int limit) {
        return refusals.newest(limit).stream().map(this::refusedSignIn).toList();
    }

    /** One refused sign-in, while it is waiting. */
    @Transactional(readOnly = true)
    public Optional<RefusedSignIn> waitingSignIn(UUID refusalId) {
        return refusals.byId(refusalId).map(this::refusedSignIn);
    }

    /** The latest refused sign-in of this identity, while it is waiting. */
    @Transactional(readOnly = true)
    public Optional<RefusedSignIn> waitingSignIn(String issuer, String subject) {
        return refusals.latestOf(issuer, subject).map(this::refusedSignIn);
    }

    private RefusedSignIn refusedSignIn(SignInRefusals.Row row) {
        Optional<PortalUserAccount> holder = row.reason() == RefusalReason.IDENTITY_CONFLICT
                && row.litellmUserId() != null ? accounts.findByLitellmUserId(row.litellmUserId()) : Optional.empty();
        return new RefusedSignIn(row.id(), row.issuer(), row.subject(), row.reason(), row.email(), row.displayName(),
                row.litellmUserId(), row.firstAt(), row.lastAt(), row.attempts(),
                holder.map(PortalUserAccount::id).orElse(null), holder.map(PortalUserAccount::displayName).orElse(null));
    }

    /** A person's record with the identity it is bound to; "not found" for an unknown id. */
    @Transactional(readOnly = true)
    public PersonIdentity identityOf(UUID id) {
        PortalUserAccount account = accounts.findById(id).orElseThrow(UnknownPersonException::new);
        return new PersonIdentity(account.id(), account.displayName(), account.email(), account.litellmUserId(),
                account.issuer(), account.subject(), account.lastLoginAt());
    }

    /**
     * Binds a person's record to another identity (issuer and subject), for a person whose identity provider
     * re-created them: they sign in with the new identity and keep their record, keys and LiteLLM user id.
     * Refused when the new identity has a record of its own; a second submit changes nothing. Audited with the
     * identity before and after and the admin's reason; the waiting refusals of the new identity are cleared and
     * the old identity's sessions end.
     */
    public Rebinding rebind(PortalUser admin, UUID personId, String issuer, String subject, String reason) {
        String[] oldSubject = new String[1];
        Rebinding outcome;
        try {
            outcome = transaction.execute(status -> {
                PortalUserAccount account = accounts.findById(personId).orElseThrow(UnknownPersonException::new);
                if (account.issuer().equals(issuer) && account.subject().equals(subject)) {
                    return new Rebinding.AlreadyBound(account.displayName());
                }
                Optional<PortalUserAccount> other = accounts.findByIssuerAndSubject(issuer, subject);
                if (other.isPresent()) {
                    return new Rebinding.IdentityTaken(other.get().displayName());
                }
                Map<String, String> before = Map.of("issuer", account.issuer(), "subject", account.subject());
                oldSubject[0] = account.subject();
                account.rebind(issuer, subject);
                accounts.saveAndFlush(account);
                refusals.clear(issuer, subject);
                audit.record(AuditEntry.of(admin.id(), admin.displayName(), "user.rebound", "USER", personId, null,
                        before, Map.of("issuer", issuer, "subject", subject, "reason", reason)));
                return new Rebinding.Rebound(account.displayName());
            });
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            // another admin bound the identity, or it signed in as a new person, a moment ago
            return new Rebinding.IdentityTaken(accounts.findByIssuerAndSubject(issuer, subject)
                    .map(PortalUserAccount::displayName).orElse("someone else"));
        }
        if (outcome instanceof Rebinding.Rebound) {
            sessions.endAll(personId, oldSubject[0]);
        }
        return outcome;
    }

    private PortalUserAccount register(SignIn signIn) {
        Optional<PortalUserAccount> holder = accounts.findByLitellmUserId(signIn.litellmUserId());
        if (holder.isPresent()) {
            throw new IdentityConflictException("LiteLLM user id already bound to another identity",
                    holder.get().id());
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
     * The person behind a session with the roles and team stored at their latest sign-in, or empty when they are
     * disabled (or unknown): read on every request, so a change takes effect at once, not at the next sign-in.
     */
    @Transactional(readOnly = true)
    public Optional<PortalUser> active(UUID id) {
        return accounts.findById(id).filter(account -> !account.disabled())
                .map(account -> view(account, account.roles()));
    }

    /**
     * Switches a person off: they cannot sign in, every session of theirs ends now, and {@link PersonDisabled}
     * lets other modules end what the person had open. Audited with the reason; disabling a disabled person
     * changes nothing.
     */
    public void disable(PortalUser admin, UUID id, String reason) {
        PortalUserAccount disabled = transaction.execute(status -> {
            PortalUserAccount account = accounts.findById(id).orElseThrow(UnknownPersonException::new);
            if (!account.disabled()) {
                account.disable(clock.instant());
                audit.record(AuditEntry.of(admin.id(), admin.displayName(), "user.disabled", "USER", id, null,
                        null, Map.of("reason", reason)));
                events.publishEvent(new PersonDisabled(id, new Actor(admin.id(), admin.displayName()), reason));
            }
            return account;
        });
        sessions.endAll(disabled.id(), disabled.subject());
    }

    /** Ends every session of the person with this identity, if the portal knows them (back-channel logout). */
    public void endSessions(String issuer, String subject) {
        accounts.findByIssuerAndSubject(issuer, subject)
                .ifPresent(account -> sessions.endAll(account.id(), account.subject()));
    }

    /** Lets a disabled person sign in again; audited with the reason. Enabling an enabled person changes nothing. */
    @Transactional
    public void enable(PortalUser admin, UUID id, String reason) {
        PortalUserAccount account = accounts.findById(id).orElseThrow(UnknownPersonException::new);
        if (account.disabled()) {
            account.enable();
            audit.record(AuditEntry.of(admin.id(), admin.displayName(), "user.enabled", "USER", id, null, null,
                    Map.of("reason", reason)));
        }
    }

    /** The ids of the people who are disabled now (admins' user list). */
    @Transactional(readOnly = true)
    public Set<UUID> disabledIds() {
        return accounts.findByDisabledAtIsNotNull().stream().map(PortalUserAccount::id)
                .collect(java.util.stream.Collectors.toSet());
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

    /** These people (those that exist), with their stored roles, in no particular order (admins' lists). */
    @Transactional(readOnly = true)
    public List<PortalUser> byIds(java.util.Collection<UUID> ids) {
        return accounts.findAllById(ids).stream().map(a -> view(a, rolesOf(a))).toList();
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
