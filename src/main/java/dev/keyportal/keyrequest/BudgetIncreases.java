package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.audit.Actor;
import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.keys.KeyReconciliation;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.policy.Band;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.PersonUsage;
import dev.keyportal.policy.Policies;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.PolicyVerdict;
import dev.keyportal.security.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A bigger budget on an existing key runs through the same policy and queue as a new key and ends in
 * {@code /key/update}: at once within the auto-approve ceiling, after an approver's decision above it.
 */
@Service
public class BudgetIncreases {

    private static final Logger log = LoggerFactory.getLogger(BudgetIncreases.class);

    private final KeyRequestRepository requests;
    private final KeyRequests keyRequests;
    private final IssuedKeys issuedKeys;
    private final Policies policies;
    private final LiteLlmGateway liteLlm;
    private final RequestChanges changes;
    private final TransactionTemplate transaction;
    private final Submissions submissions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final KeyReconciliation reconciliation;

    BudgetIncreases(KeyRequestRepository requests, KeyRequests keyRequests, IssuedKeys issuedKeys, Policies policies,
            LiteLlmGateway liteLlm, RequestChanges changes, TransactionTemplate transaction, Submissions submissions,
            ApplicationEventPublisher events, Clock clock, KeyReconciliation reconciliation) {
        this.requests = requests;
        this.keyRequests = keyRequests;
        this.issuedKeys = issuedKeys;
        this.policies = policies;
        this.liteLlm = liteLlm;
        this.changes = changes;
        this.transaction = transaction;
        this.submissions = submissions;
        this.events = events;
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    /** The person's own key; anyone else's (an admin's view included) is "not found" here. */
    IssuedKeyView ownKey(PortalUser user, UUID keyId) {
        return issuedKeys.own(user, keyId);
    }

    /** Asks for a new budget on one of the person's keys. */
    SubmitOutcome submit(PortalUser user, UUID keyId, BudgetForm form) {
        IssuedKeyView key = ownKey(user, keyId);
        if (!key.budgetCanBeRaised()) {
            return new SubmitOutcome.Refused(Map.of("max_budget", "Only an active key's budget can be raised."));
        }
        if (key.maxBudget() == null) {
            return new SubmitOutcome.Refused(Map.of("max_budget", "This key has no budget in LiteLLM, so there is"
                    + " nothing to raise."));
        }
        if (form.max_budget().compareTo(key.maxBudget()) <= 0) {
            return new SubmitOutcome.Refused(Map.of("max_budget", "Enter more than the current budget of $"
                    + key.maxBudget().toPlainString() + "."));
        }
        Policy policy = policies.applicableTo(user);
        KeyTerms terms = key.terms().with(KeyParameter.MAX_BUDGET, form.max_budget());
        Optional<KeyRequestView> earlier = submissions.earlier(user, form.submission_id());
        if (earlier.isPresent()) {
            return new SubmitOutcome.AlreadySubmitted(earlier.get());
        }
        var catalog = liteLlm.models();
        return submissions.once(user, form.submission_id(), () -> {
            PersonUsage usage = keyRequests.usageOf(user);
            // the key exists already: its old budget is replaced, and it is not a new key
            PersonUsage withoutThisKey = new PersonUsage(usage.liveKeys() - 1,
                    usage.totalBudget().subtract(key.maxBudget()));
            PolicyVerdict verdict = policy.judge(terms, catalog, withoutThisKey);
            PolicyVerdict.FieldVerdict budget = verdict.fields().get(KeyParameter.MAX_BUDGET.field());
            if (budget.band() == Band.REFUSED) {
                return Submission.answered(new SubmitOutcome.Refused(Map.of("max_budget", budget.message())));
            }
            KeyRequest request = KeyRequest.budgetIncrease(user.id(), form.submission_id(), key.id(),
                    key.keyAlias(), form.purpose(), terms, key.team(), policy,
                    budget.band() == Band.AUTO_APPROVE, budget.message(), clock.instant());
            changes.commit(request.submitted(RequestChanges.actor(user)));
            if (request.canBeDecided()) {
                events.publishEvent(new KeyRequestAwaitsDecision(request.id(), request.team(),
                        user.displayName(), request.keyAlias(), true));
            }
            return Submission.stored(request);
        }).then(stored -> stored.canBeDecided() ? new SubmitOutcome.Pending(stored.view())
                : apply(stored.id(), RequestChanges.actor(user)));
    }

    /**
     * The requester applies their approved increase (again, if LiteLLM did not take it the first time). The
     * approved budget is judged again against the policy and per-person caps that apply now, as collecting a new
     * key is: a budget today's policy refuses is not applied.
     */
    SubmitOutcome applyFor(PortalUser user, UUID requestId) {
        KeyRequest request = requests.findById(requestId).filter(r -> keyRequests.isOwn(user, r))
                .orElseThrow(KeyRequestNotFoundException::new);
        if (request.canBeApplied()) {
            IssuedKeyView key = issuedKeys.byId(request.targetKeyId());
            PersonUsage usage = keyRequests.usageExcluding(request);
            // the key exists already: its old budget is replaced, and it is not a new key
            PersonUsage withoutThisKey = new PersonUsage(usage.liveKeys() - 1, usage.totalBudget()
                    .subtract(key.maxBudget() == null ? BigDecimal.ZERO : key.maxBudget()));
            PolicyVerdict verdict = policies.applicableTo(user).judge(request.terms(), liteLlm.models(),
                    withoutThisKey);
            PolicyVerdict.FieldVerdict budget = verdict.fields().get(KeyParameter.MAX_BUDGET.field());
            if (budget.band() == Band.REFUSED) {
                return new SubmitOutcome.Refused(Map.of("max_budget", budget.message()));
            }
        }
        return apply(request.id(), RequestChanges.actor(user));
    }

    /**
     * Sends an approved increase to LiteLLM ({@code /key/update}, idempotent) and records it. When LiteLLM does
     * not take it, the request stays approved and can be applied again.
     */
    SubmitOutcome apply(UUID requestId, Actor actor) {
        KeyRequest request = requests.findById(requestId).orElseThrow(KeyRequestNotFoundException::new);
        if (!request.canBeApplied()) {
            return new SubmitOutcome.AlreadySubmitted(request.view());
        }
        IssuedKeyView key = issuedKeys.byId(request.targetKeyId());
        try {
            liteLlm.updateBudget(key.tokenHash(), request.terms().maxBudget());
        } catch (LiteLlmException e) {
            if (e.kind() == LiteLlmException.Kind.NOT_FOUND) {
                reconciliation.goneFromLiteLlm(key); // deleted in LiteLLM: no budget to raise
            }
            log.warn("Budget increase {} not applied: LiteLLM {}", requestId, e.kind());
            return new SubmitOutcome.Failed(request.view(), e);
        }
        return transaction.execute(status -> {
            KeyRequest locked = requests.lockById(requestId).orElseThrow();
            if (!locked.canBeApplied()) {
                return new SubmitOutcome.AlreadySubmitted(locked.view());
            }
            issuedKeys.budgetChanged(key.id(), locked.terms().maxBudget());
            return new SubmitOutcome.Applied(changes.commit(locked.applied(actor, key.maxBudget(), clock.instant()))
                    .view());
        });
    }
}
