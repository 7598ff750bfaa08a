package dev.keyportal.keyrequest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.audit.FreeText;
import dev.keyportal.audit.Reason;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policies;
import dev.keyportal.policy.PolicyVerdict;
import dev.keyportal.security.PortalUser;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An approver's decision on a request: approve (possibly with lower values) or deny. Which requests an approver
 * may see is the approval module's rule, checked before it calls here; what holds for every decision is kept
 * here: nobody decides their own request, and the decider takes a lock on the request, so when two decide at once
 * exactly one wins and the other is told who decided and how.
 */
@Service
public class Decisions {

    private final KeyRequestRepository requests;
    private final KeyRequests keyRequests;
    private final Policies policies;
    private final LiteLlmGateway liteLlm;
    private final RequestChanges changes;
    private final TransactionTemplate transaction;
    private final BudgetIncreases budgetIncreases;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Decisions(KeyRequestRepository requests, KeyRequests keyRequests, Policies policies, LiteLlmGateway liteLlm,
            RequestChanges changes, TransactionTemplate transaction, BudgetIncreases budgetIncreases,
            ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.keyRequests = keyRequests;
        this.policies = policies;
        this.liteLlm = liteLlm;
        this.changes = changes;
        this.transaction = transaction;
        this.budgetIncreases = budgetIncreases;
        this.events = events;
        this.clock = clock;
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
            PolicyVerdict verdict = policies.forTeam(request.team()).judge(granted, catalog,
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
            events.publishEvent(KeyRequestDecided.of(request));
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
                return new DecisionOutcome.Invalid(Map.of("reason", FreeText.Check.problem(reason, true).orElse(
                        "Say why in a few words (at most 1,000 characters); the requester reads it.")));
            }
            changes.commit(request.deny(decider(approver), given.get(), clock.instant()));
            events.publishEvent(KeyRequestDecided.of(request));
            return new DecisionOutcome.Decided(request.view());
        });
    }

    private KeyRequest decidable(PortalUser approver, UUID id) {
        KeyRequest request = requests.lockById(id).orElseThrow(KeyRequestNotFoundException::new);
        if (request.requesterId().equals(approver.id())) {
            throw new SelfDecisionException();
        }
        return request;
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

    private static KeyRequest.Decider decider(PortalUser approver) {
        return new KeyRequest.Decider(approver.id(), approver.displayName(), approver.litellmUserId());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
