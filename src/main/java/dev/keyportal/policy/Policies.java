package dev.keyportal.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.OpenRequests.OpenRequest;
import dev.keyportal.security.PortalUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which policy applies to whom (the person's team override, else the global policy), and the admins' changes
 * to policies: every change is a new version, kept in the history and audited in the same transaction, and a
 * change based on an outdated version is refused rather than silently overwriting someone else's.
 */
@Service
public class Policies {

    private static final int HISTORY_SHOWN = 20;
    private static final PersonUsage NOTHING_HELD = new PersonUsage(0, java.math.BigDecimal.ZERO);

    private final KeyPolicies policies;
    private final PolicyHistory history;
    private final AuditTrail audit;
    private final LiteLlmGateway liteLlm;
    private final ObjectProvider<OpenRequests> openRequests;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Policies(KeyPolicies policies, PolicyHistory history, AuditTrail audit, LiteLlmGateway liteLlm,
            ObjectProvider<OpenRequests> openRequests, TransactionTemplate transaction, Clock clock) {
        this.policies = policies;
        this.history = history;
        this.audit = audit;
        this.liteLlm = liteLlm;
        this.openRequests = openRequests;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Policy applicableTo(PortalUser user) {
        return forTeam(user.team());
    }

    /** The team's override, else the global policy (a null team gets the global policy). */
    @Transactional(readOnly = true)
    public Policy forTeam(String team) {
        if (team != null) {
            var teamPolicy = policies.findByTeam(team);
            if (teamPolicy.isPresent()) {
                return teamPolicy.get().toPolicy();
            }
        }
        return global().toPolicy();
    }

    /** Every policy for the admins' list: the global one first, then the team overrides by name. */
    @Transactional(readOnly = true)
    public List<PolicySummary> all(PortalUser admin) {
        requireAdmin(admin);
        Map<UUID, PolicyChange> latest = history.latest().stream()
                .collect(Collectors.toMap(PolicyHistory.Latest::policyId, PolicyHistory.Latest::change));
        return policies.findAll().stream()
                .sorted(Comparator.comparing(KeyPolicy::team, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(policy -> new PolicySummary(policy.toPolicy(), policy.updatedAt(), latest.get(policy.id())))
                .toList();
    }

    /** A policy with what its editor needs. Asks LiteLLM for the models it offers. */
    public PolicyEdit forEdit(PortalUser admin, UUID id) {
        requireAdmin(admin);
        ModelCatalog catalog = liteLlm.models();
        return transaction.execute(status -> edit(find(id), catalog));
    }

    /** The version a policy is at now (what key requests record). */
    @Transactional(readOnly = true)
    public int policyVersion(UUID id) {
        return find(id).policyVersion();
    }

    /**
     * Saves new values as the next version of the policy, with a history row and an audit event, all in one
     * transaction. Values equal to the current ones change nothing (no new version).
     *
     * @param expectedVersion the {@link PolicyEdit#version()} the admin's form was based on
     * @throws InvalidPolicyException when the values break a rule (nothing saved)
     * @throws PolicyConflictException when someone else saved a change since {@code expectedVersion}
     */
    public Policy update(PortalUser admin, UUID id, long expectedVersion, PolicyValues values) {
        requireAdmin(admin);
        ModelCatalog catalog = liteLlm.models();
        KeyPolicy seen = transaction.execute(status -> find(id));
        if (seen.version() != expectedVersion) {
            throw conflict(id, catalog);
        }
        Map<String, String> problems = PolicyRules.problems(values, catalog);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        try {
            return transaction.execute(status -> {
                KeyPolicy policy = find(id);
                if (policy.version() != expectedVersion) {
                    throw new StaleVersion();
                }
                PolicyValues before = policy.values();
                if (before.equals(values)) {
                    return policy.toPolicy();
                }
                Map<String, Object> beforeMap = auditValues(policy, before);
                Instant now = clock.instant();
                policy.update(values, now);
                policies.saveAndFlush(policy);
                history.record(policy.id(), policy.policyVersion(), values, admin.id(), admin.displayName(), now);
                audit.record(AuditEntry.of(admin.id(), admin.displayName(), "policy.changed", "POLICY", policy.id(),
                        null, beforeMap, auditValues(policy, values)));
                return policy.toPolicy();
            });
        } catch (StaleVersion | OptimisticLockingFailureException | DataIntegrityViolationException e) {
            // someone saved between our check and our write; the history's primary key catches the same race
            throw conflict(id, catalog);
        }
    }

    /**
     * A team's own policy, starting as a copy of the global policy (version 1, in the history, audited).
     *
     * @throws InvalidPolicyException under {@code team} when the team already has one
     */
    public Policy createTeamOverride(PortalUser admin, String team) {
        requireAdmin(admin);
        String name = team == null ? null : team.trim();
        Map<String, String> problems = PolicyRules.teamProblems(name);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        try {
            return transaction.execute(status -> {
                if (policies.findByTeam(name).isPresent()) {
                    throw new InvalidPolicyException(Map.of("team", duplicate(name)));
                }
                PolicyValues values = global().values();
                Instant now = clock.instant();
                KeyPolicy policy = KeyPolicy.teamOverride(name, values, now);
                policies.saveAndFlush(policy);
                history.record(policy.id(), policy.policyVersion(), values, admin.id(), admin.displayName(), now);
                audit.record(AuditEntry.of(admin.id(), admin.displayName(), "policy.created", "POLICY", policy.id(),
                        null, null, auditValues(policy, values)));
                return policy.toPolicy();
            });
        } catch (DataIntegrityViolationException e) {
            // another admin added the same team at the same moment (unique index on team)
            throw new InvalidPolicyException(Map.of("team", duplicate(name)));
        }
    }

    /**
     * What saving these values would do to the requests waiting for approval under this policy: each judged by
     * the current values and by the new ones. Per-person caps are not counted. Nothing is saved.
     *
     * @throws InvalidPolicyException when the values break a rule
     */
    public PolicyPreview preview(PortalUser admin, UUID id, PolicyValues values) {
        requireAdmin(admin);
        ModelCatalog catalog = liteLlm.models();
        Map<String, String> problems = PolicyRules.problems(values, catalog);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        record Scope(Policy current, Set<String> overriddenTeams) {
        }
        Scope scope = transaction.execute(status -> new Scope(find(id).toPolicy(), policies.findAll().stream()
                .map(KeyPolicy::team).filter(team -> team != null).collect(Collectors.toSet())));
        Policy current = scope.current();
        Policy proposed = values.toPolicy(current.id(), current.team(), current.version() + 1);
        List<PolicyPreview.Judged> judged = new ArrayList<>();
        OpenRequests source = openRequests.getIfAvailable();
        for (OpenRequest request : source == null ? List.<OpenRequest>of() : source.pendingApproval()) {
            boolean governed = current.team() != null ? current.team().equals(request.team())
                    : request.team() == null || !scope.overriddenTeams().contains(request.team());
            if (governed) {
                judged.add(new PolicyPreview.Judged(request.requestId(), request.team(),
                        current.judge(request.terms(), catalog, NOTHING_HELD).band(),
                        proposed.judge(request.terms(), catalog, NOTHING_HELD).band()));
            }
        }
        return new PolicyPreview(judged);
    }

    private PolicyEdit edit(KeyPolicy policy, ModelCatalog catalog) {
        return new PolicyEdit(policy.toPolicy(), policy.version(), policy.updatedAt(),
                history.of(policy.id(), HISTORY_SHOWN), catalog);
    }

    private PolicyConflictException conflict(UUID id, ModelCatalog catalog) {
        return new PolicyConflictException(transaction.execute(status -> edit(find(id), catalog)));
    }

    private KeyPolicy find(UUID id) {
        return policies.findById(id).orElseThrow(PolicyNotFoundException::new);
    }

    private KeyPolicy global() {
        return policies.findGlobal()
                .orElseThrow(() -> new IllegalStateException("No global key policy: migration V3 seeds one"));
    }

    private static Map<String, Object> auditValues(KeyPolicy policy, PolicyValues values) {
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("team", policy.team());
        audited.put("policy_version", policy.policyVersion());
        audited.putAll(values.asMap());
        return audited;
    }

    private static String duplicate(String team) {
        return "The team '" + team + "' already has its own policy; edit that one instead.";
    }

    private static void requireAdmin(PortalUser user) {
        if (user == null || !user.isAdmin()) {
            throw new AccessDeniedException("Policies are for admins");
        }
    }

    /** Thrown inside the save transaction to roll it back when the version moved on. */
    private static final class StaleVersion extends RuntimeException {

        StaleVersion() {
            super("stale policy version", null, false, false);
        }
    }
}
