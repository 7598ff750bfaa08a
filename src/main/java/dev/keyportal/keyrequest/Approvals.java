package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.audit.Reason;
import dev.keyportal.keys.Holdings;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.Band;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policy.Limit;
import dev.keyportal.policy.Policies;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.PolicyVerdict;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The approval queue and decisions. Approvers see their own team's pending requests (every team's with
 * {@code portal.approvals.cross-team}), admins see all; nobody decides their own request. Deciders take a lock on
 * the request, so when two decide at once exactly one wins and the other is told who decided and how.
 */
@Service
public class Approvals {

    private final KeyRequestRepository requests;
    private final KeyRequests keyRequests;
    private final Policies policies;
    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final RequestChanges changes;
    private final TransactionTemplate transaction;
    private final ApprovalProperties properties;
    private final PortalUsers users;
    private final BudgetIncreases budgetIncreases;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Approvals(KeyRequestRepository requests, KeyRequests keyRequests, Policies policies, IssuedKeys issuedKeys,
            LiteLlmGateway liteLlm, RequestChanges changes, TransactionTemplate transaction,
            ApprovalProperties properties, PortalUsers users, BudgetIncreases budgetIncreases,
            ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.keyRequests = keyRequests;
        this.policies = policies;
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.changes = changes;
        this.transaction = transaction;
        this.properties = properties;
        this.users = users;
        this.budgetIncreases = budgetIncreases;
        this.events = events;
        this.clock = clock;
    }

    /** Pending requests this person may decide, oldest first. */
    @Transactional(readOnly = true)
    public List<KeyRequestView> queueFor(PortalUser approver) {
        List<KeyRequest> pending = approver.isAdmin() || properties.crossTeam()
                ? requests.findByStatusOrderByCreatedAtAsc(RequestStatus.PENDING_APPROVAL)
                : approver.team() == null ? List.of()
                : requests.findByStatusAndTeamOrderByCreatedAtAsc(RequestStatus.PENDING_APPROVAL, approver.team());
        return pending.stream().filter(r -> approver.isApprover() && !r.requesterId().equals(approver.id()))
                .map(KeyRequest::view).toList();
    }

    /** A pending request with everything an approver weighs: the policy's bands and what the requester holds. */
    public record Review(KeyRequestView request, String requesterName, Policy policy, Map<String, Band> bands,
            Map<String, String> reasons, Holdings requesterHoldings, BigDecimal requesterSpend, boolean ownRequest) {

        /** True when the asked value of this form field is above its auto-approve ceiling. */
        public boolean overCeiling(String field) {
            return bands.getOrDefault(field, Band.AUTO_APPROVE) != Band.AUTO_APPROVE;
        }

        /** Each asked value beside the default, the auto-approve ceiling and the hard bound that apply. */
        public List<ValueRow> rows() {
            KeyTerms asked = request.asked();
            List<ValueRow> rows = new ArrayList<>();
            rows.add(row(KeyParameter.MODELS, "parameter.models.name", String.join(", ", asked.models()),
                    policy.defaultModels().isEmpty() ? "none (chosen on the form)"
                            : String.join(", ", policy.defaultModels()),
                    policy.approvalModels().isEmpty() ? "all" : "all but " + String.join(", ", policy.approvalModels()),
                    policy.forbiddenModels().isEmpty() ? "any offered"
                            : "not " + String.join(", ", policy.forbiddenModels())));
            for (KeyParameter parameter : KeyParameter.ALL) {
                Limit<?> limit = policy.limit(parameter);
                String atLeast = parameter.shorterIsMore() ? "at least " : "";
                rows.add(row(parameter.field(), parameter.nameKey(), parameter.show(asked.get(parameter)),
                        parameter.show(limit.defaultValue()), atLeast + parameter.show(limit.ceiling()),
                        atLeast + parameter.show(limit.bound())));
            }
            return rows;
        }

        /** The asked value of a form field as plain text, for the approve form's placeholders. */
        public String asked(String field) {
            return KeyParameter.byField(field).map(parameter -> request.asked().get(parameter))
                    .map(value -> value instanceof BigDecimal amount ? amount.toPlainString() : value.toString())
                    .orElse("none");
        }

        private ValueRow row(String field, String labelKey, String asked, String defaultValue, String ceiling,
                String bound) {
            return new ValueRow(field, labelKey, asked, defaultValue, ceiling, bound, overCeiling(field),
                    reasons.get(field));
        }
    }

    /** One line of the review table. */
    public record ValueRow(String field, String labelKey, String asked, String defaultValue, String ceiling,
            String bound, boolean overCeiling, String reason) {
    }

    @Transactional(readOnly = true)
    public Review review(PortalUser approver, UUID id) {
        KeyRequest request = visible(approver, requests.findById(id));
        Policy policy = policyForTeam(request.team());
        ModelCatalog catalog = liteLlm.models();
        PolicyVerdict verdict = policy.judge(request.askedTerms(), catalog, keyRequests.usageExcluding(request));
        Map<String, Band> bands = new LinkedHashMap<>();
        verdict.fields().forEach((field, fieldVerdict) -> bands.put(field, fieldVerdict.band()));
        Map<String, String> reasons = new LinkedHashMap<>(verdict.approvalReasons());
        reasons.putAll(verdict.refusals());
        Optional<PortalUser> requester = users.find(request.requesterId(), Set.of());
        return new Review(request.view(), requester.map(PortalUser::displayName).orElse("unknown"), policy, bands,
                reasons, issuedKeys.holdingsOf(request.requesterId()),
                requester.map(this::spendOf).orElse(null), request.requesterId().equals(approver.id()));
    }

    /** Reviews of every request in this person's queue. */
    @Transactional(readOnly = true)
    public List<Review> reviewsFor(PortalUser approver) {
        return queueFor(approver).stream().map(request -> review(approver, request.id())).toList();
    }

    /** What the person's keys have spent, as LiteLLM says now; null when LiteLLM does not answer. */
    private BigDecimal spendOf(PortalUser person) {
        try {
            return liteLlm.keysOfUser(person.litellmUserId()).stream()
                    .map(key -> key.spend() == null ? BigDecimal.ZERO : key.spend())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        } catch (LiteLlmException e) {
            return null;
        }
    }

    /** Approves, optionally with lower values; they may never exceed what was asked or the hard bound. */
    public DecisionOutcome approve(PortalUser approver, UUID id, ApprovalForm form) {
        DecisionOutcome outcome = decideApproval(approver, id, form);
        if (outcome instanceof DecisionOutcome.Decided decided && decided.request().budgetIncrease()) {
            // a budget increase ends in /key/update now; if LiteLLM does not take it, the requester can apply it
            budgetIncreases.apply(id, RequestChanges.actor(approver));
        }
        return outcome;
    }

    private DecisionOutcome decideApproval(PortalUser approver, UUID id, ApprovalForm form) {
        ModelCatalog catalog = liteLlm.models();
        return transaction.execute(status -> {
            KeyRequest request = decidable(approver, id);
            if (!request.canBeDecided()) {
                return new DecisionOutcome.AlreadyDecided(request.view());
            }
            KeyTerms asked = request.askedTerms();
            KeyTerms granted = form.grantedFrom(asked);
            Map<String, String> errors = notAbove(asked, granted);
            PolicyVerdict verdict = policyForTeam(request.team()).judge(granted, catalog,
                    keyRequests.usageExcluding(request));
            if (request.kind() == RequestKind.BUDGET_INCREASE) {
                String budget = verdict.refusals().get(KeyParameter.MAX_BUDGET.field());
                if (budget != null) {
                    errors.putIfAbsent(KeyParameter.MAX_BUDGET.field(), budget);
                }
            } else {
                verdict.refusals().forEach(errors::putIfAbsent);
            }
            if (!errors.isEmpty()) {
                return new DecisionOutcome.Invalid(errors);
            }
            changes.commit(request.approve(decider(approver), verdict.terms(), emptyToNull(form.reason()),
                    clock.instant()));
            events.publishEvent(decided(request));
            return new DecisionOutcome.Decided(request.view());
        });
    }

    /** Denies with a reason the requester will read. */
    public DecisionOutcome deny(PortalUser approver, UUID id, String reason) {
        Optional<String> given = Reason.of(reason, 1000, true);
        return transaction.execute(status -> {
            KeyRequest request = decidable(approver, id);
            if (!request.canBeDecided()) {
                return new DecisionOutcome.AlreadyDecided(request.view());
            }
            if (given.isEmpty()) {
                return new DecisionOutcome.Invalid(Map.of("reason",
                        "Say why in a few words (at most 1,000 characters); the requester reads it."));
            }
            changes.commit(request.deny(decider(approver), given.get(), clock.instant()));
            events.publishEvent(decided(request));
            return new DecisionOutcome.Decided(request.view());
        });
    }

    /** How many requests wait for this person's decision (the count in their navigation). */
    @Transactional(readOnly = true)
    public int pendingCountFor(PortalUser approver) {
        return approver.isApprover() ? queueFor(approver).size() : 0;
    }

    private KeyRequest decidable(PortalUser approver, UUID id) {
        KeyRequest request = visible(approver, requests.lockById(id));
        if (request.requesterId().equals(approver.id())) {
            throw new SelfDecisionException();
        }
        return request;
    }

    private KeyRequest visible(PortalUser approver, Optional<KeyRequest> found) {
        return found.filter(request -> approver.isApprover() && (approver.isAdmin() || properties.crossTeam()
                        || (request.team() != null && request.team().equals(approver.team()))))
                .orElseThrow(KeyRequestNotFoundException::new);
    }

    /** Granted values may only go down: fewer models, less money, shorter life, rarer resets, lower limits. */
    private static Map<String, String> notAbove(KeyTerms asked, KeyTerms granted) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!Set.copyOf(asked.models()).containsAll(granted.models())) {
            errors.put(KeyParameter.MODELS, "Only models that were asked for: " + String.join(", ", asked.models())
                    + ".");
        }
        for (KeyParameter parameter : KeyParameter.ALL) {
            Object askedValue = asked.get(parameter);
            Object grantedValue = granted.get(parameter);
            if (parameter.shorterIsMore() && askedValue == null && grantedValue != null) {
                errors.put(parameter.field(), "The request asked for no budget reset.");
            } else if (parameter.kind() == KeyParameter.Kind.LIFETIME && askedValue != null && grantedValue == null) {
                errors.put(parameter.field(), "At most the lifetime that was asked (" + askedValue + ").");
            } else if (parameter.givesMore(grantedValue, askedValue)) {
                errors.put(parameter.field(), switch (parameter.kind()) {
                    case LIFETIME -> "At most the lifetime that was asked (" + askedValue + ").";
                    case RESET_PERIOD -> "Resets at most as often as asked (every " + askedValue + ").";
                    default -> "At most what was asked (" + parameter.plain(askedValue) + ").";
                });
            }
        }
        return errors;
    }

    private Policy policyForTeam(String team) {
        return policies.forTeam(team);
    }

    static KeyRequestDecided decided(KeyRequest request) {
        KeyRequestView view = request.view();
        return new KeyRequestDecided(view.id(), view.requesterId(), view.keyAlias(), view.status(), view.decidedBy(),
                view.status() == RequestStatus.EXPIRED ? view.outcomeMessage() : view.decisionReason());
    }

    private static KeyRequest.Decider decider(PortalUser approver) {
        return new KeyRequest.Decider(approver.id(), approver.displayName(), approver.litellmUserId());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
