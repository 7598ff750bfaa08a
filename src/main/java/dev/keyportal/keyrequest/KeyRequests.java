package dev.keyportal.keyrequest;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.keys.Holdings;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.policy.Band;
import dev.keyportal.policy.PersonUsage;
import dev.keyportal.policy.Policies;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.PolicyVerdict;
import dev.keyportal.security.AccessDenials;
import dev.keyportal.security.PortalUser;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests for keys: submit (policy-checked on the server, idempotent per form), list and read them. Reads
 * check ownership: someone else's request is "not found".
 */
@Service
public class KeyRequests {

    private static final EnumSet<RequestStatus> OPEN =
            EnumSet.of(RequestStatus.PENDING_APPROVAL, RequestStatus.APPROVED, RequestStatus.ISSUING);

    private final KeyRequestRepository requests;
    private final Policies policies;
    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final KeyIssuer issuer;
    private final RequestChanges changes;
    private final TransactionTemplate transaction;
    private final Submissions submissions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AccessDenials denials;

    KeyRequests(KeyRequestRepository requests, Policies policies, IssuedKeys issuedKeys, LiteLlmGateway liteLlm,
            KeyIssuer issuer, RequestChanges changes, TransactionTemplate transaction, Submissions submissions,
            ApplicationEventPublisher events, Clock clock, AccessDenials denials) {
        this.denials = denials;
        this.requests = requests;
        this.policies = policies;
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.issuer = issuer;
        this.changes = changes;
        this.transaction = transaction;
        this.submissions = submissions;
        this.events = events;
        this.clock = clock;
    }

    /** What the request form needs: the policy that applies and the models on offer. */
    public FormContext formContext(PortalUser user) {
        return new FormContext(policies.applicableTo(user), liteLlm.models());
    }

    /** The policy and the proxy's models, for the request form. */
    public record FormContext(Policy policy, ModelCatalog catalog) {
    }

    /**
     * Submits a form: judged by the policy, then refused, stored as pending, or stored as ISSUING and issued at
     * once. A form submitted twice yields its first request, never a second key.
     */
    SubmitOutcome submit(PortalUser user, KeyRequestForm form) {
        Optional<KeyRequestView> earlier = submissions.earlier(user, form.submission_id());
        if (earlier.isPresent()) {
            return new SubmitOutcome.AlreadySubmitted(earlier.get());
        }
        Policy policy = policies.applicableTo(user);
        ModelCatalog catalog = liteLlm.models();

        return submissions.once(user, form.submission_id(), () -> {
            PolicyVerdict verdict = policy.judge(form.terms(), catalog, usageOf(user));
            if (verdict.band() == Band.REFUSED) {
                return Submission.answered(new SubmitOutcome.Refused(verdict.refusals()));
            }
            KeyRequest request = verdict.band() == Band.AUTO_APPROVE
                    ? KeyRequest.autoApproved(user.id(), form.submission_id(), form.key_alias(), form.purpose(),
                            verdict.terms(), user.team(), policy, clock.instant())
                    : KeyRequest.pendingApproval(user.id(), form.submission_id(), form.key_alias(), form.purpose(),
                            verdict.terms(), user.team(), policy,
                            String.join(" ", verdict.approvalReasons().values()), clock.instant());
            changes.commit(request.submitted(RequestChanges.actor(user)));
            if (request.canBeDecided()) {
                events.publishEvent(new KeyRequestAwaitsDecision(request.id(), request.team(),
                        user.displayName(), request.keyAlias(), false));
            }
            return Submission.stored(request);
        }).then(stored -> stored.canBeDecided() ? new SubmitOutcome.Pending(stored.view())
                : issuer.issue(stored.id(), user, policy.maxTotalBudgetPerPerson()));
    }

    PersonUsage usageOf(PortalUser user) {
        Holdings holdings = issuedKeys.holdingsOf(user.id());
        int openRequests = requests.countByRequesterAndStatus(user.id(), OPEN);
        return new PersonUsage(holdings.liveKeys() + openRequests,
                holdings.totalBudget().add(requests.sumBudgetByRequesterAndStatus(user.id(), OPEN)));
    }

    /** What the requester holds apart from this request: their keys and their other open requests. */
    PersonUsage usageExcluding(KeyRequest request) {
        return usageExcluding(request.requesterId(), request.id());
    }

    PersonUsage usageExcluding(UUID requesterId, UUID requestId) {
        Holdings holdings = issuedKeys.holdingsOf(requesterId);
        int others = requests.countOthersByRequesterAndStatus(requesterId, OPEN, requestId);
        return new PersonUsage(holdings.liveKeys() + others, holdings.totalBudget()
                .add(requests.sumOthersBudgetByRequesterAndStatus(requesterId, OPEN, requestId)));
    }

    /** The requester withdraws a pending or approved (not yet collected) request. */
    @Transactional
    public KeyRequestView cancel(PortalUser user, UUID id) {
        KeyRequest request = requests.lockById(id).filter(r -> isOwn(user, r))
                .orElseThrow(KeyRequestNotFoundException::new);
        if (!request.canBeCancelled()) {
            return request.view();
        }
        return changes.commit(request.cancel(RequestChanges.actor(user), clock.instant())).view();
    }

    /**
     * Collects an approved request: the key is issued now and shown once, exactly like an auto-approved one.
     * The granted limits are checked again against today's hard bounds and per-person caps; a second collect
     * never issues a second key.
     */
    SubmitOutcome collect(PortalUser user, UUID id) {
        Policy policy = policies.applicableTo(user);
        ModelCatalog catalog = liteLlm.models();
        Submission collected = transaction.execute(status -> {
            KeyRequest request = requests.lockById(id).filter(r -> isOwn(user, r))
                    .orElseThrow(KeyRequestNotFoundException::new);
            if (!request.canBeCollected()) {
                return new Submission.Repeated(request.view());
            }
            PolicyVerdict verdict = policy.judge(request.terms(), catalog, usageExcluding(request));
            if (verdict.band() == Band.REFUSED) {
                return Submission.answered(new SubmitOutcome.Refused(verdict.refusals()));
            }
            return Submission.stored(changes.commit(request.collect(RequestChanges.actor(user), clock.instant())));
        });
        return collected.then(started -> issuer.issue(started.id(), user, policy.maxTotalBudgetPerPerson()));
    }

    /**
     * What is not settled yet, for admins: requests still ISSUING (LiteLLM's answer was lost; the reconciler
     * settles them) and approved budget increases LiteLLM has not taken.
     */
    @Transactional(readOnly = true)
    public List<KeyRequestView> unsettled(PortalUser admin) {
        if (!admin.isAdmin()) {
            throw new KeyRequestNotFoundException();
        }
        List<KeyRequestView> open = new java.util.ArrayList<>(requests
                .findByStatusOrderByCreatedAtAsc(RequestStatus.ISSUING).stream().map(KeyRequest::view).toList());
        requests.findByStatusOrderByCreatedAtAsc(RequestStatus.APPROVED).stream()
                .filter(KeyRequest::canBeApplied).map(KeyRequest::view)
                .forEach(open::add);
        return open;
    }

    /** What the requester's navigation points out: approved keys waiting to be collected. */
    @Transactional(readOnly = true)
    public int readyToCollect(PortalUser user) {
        return requests.countByRequesterAndStatus(user.id(), EnumSet.of(RequestStatus.APPROVED));
    }

    @Transactional(readOnly = true)
    public List<KeyRequestView> mine(PortalUser user) {
        return requests.findByRequesterIdOrderByCreatedAtDesc(user.id()).stream().map(KeyRequest::view).toList();
    }

    /** One request, for its requester or an admin. */
    @Transactional(readOnly = true)
    public KeyRequestView get(PortalUser user, UUID id) {
        return requests.findById(id)
                .filter(request -> user.isAdmin() || isOwn(user, request))
                .map(KeyRequest::view)
                .orElseThrow(KeyRequestNotFoundException::new);
    }

    /** Whether the request is the person's own; someone else's is audited as access denied (and then "not found"). */
    boolean isOwn(PortalUser user, KeyRequest request) {
        if (request.requesterId().equals(user.id())) {
            return true;
        }
        denials.denied(user, "REQUEST", request.id());
        return false;
    }
}
