package dev.keyportal.keyrequest;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.keys.KeyRevocation;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.DurationSpec;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.PersonUsage;
import dev.keyportal.policy.Policies;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.PolicyVerdict;
import dev.keyportal.security.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Rotation: a new key with the same limits, shown once, then the old key deleted. The open-source proxy
 * refuses {@code /key/regenerate}, so the portal always generates then deletes; the new key records the one it
 * replaced, so history and spend stay linked.
 */
@Service
public class KeyRotations {

    private static final Logger log = LoggerFactory.getLogger(KeyRotations.class);

    private final KeyRequestRepository requests;
    private final KeyRequests keyRequests;
    private final IssuedKeys issuedKeys;
    private final KeyRevocation revocation;
    private final Policies policies;
    private final LiteLlmGateway liteLlm;
    private final KeyIssuer issuer;
    private final RequestChanges changes;
    private final Submissions submissions;
    private final Clock clock;

    KeyRotations(KeyRequestRepository requests, KeyRequests keyRequests, IssuedKeys issuedKeys,
            KeyRevocation revocation, Policies policies, LiteLlmGateway liteLlm, KeyIssuer issuer,
            RequestChanges changes, Submissions submissions, Clock clock) {
        this.requests = requests;
        this.keyRequests = keyRequests;
        this.issuedKeys = issuedKeys;
        this.revocation = revocation;
        this.policies = policies;
        this.liteLlm = liteLlm;
        this.issuer = issuer;
        this.changes = changes;
        this.submissions = submissions;
        this.clock = clock;
    }

    /** Rotates one of the person's keys; a repeated submit of the same form never makes a second key. */
    SubmitOutcome rotate(PortalUser user, UUID keyId, UUID submissionId) {
        IssuedKeyView old = issuedKeys.own(user, keyId);
        if (submissionId == null) {
            return new SubmitOutcome.Refused(Map.of("key_alias", "The form expired. Please try again."));
        }
        Optional<KeyRequestView> earlier = submissions.earlier(user, submissionId);
        if (earlier.isPresent()) {
            return new SubmitOutcome.AlreadySubmitted(earlier.get());
        }
        if (!old.canBeRotated()) {
            return new SubmitOutcome.Refused(Map.of("key_alias", "Only an active key can be rotated."));
        }
        Policy policy = policies.applicableTo(user);
        ModelCatalog catalog = liteLlm.models();
        KeyRequest original = requests.findById(old.requestId()).orElseThrow(KeyRequestNotFoundException::new);
        return submissions.once(user, submissionId, () -> {
            PersonUsage usage = keyRequests.usageOf(user);
            // the old key goes away: the new one takes its place under the caps
            PersonUsage withoutOld = new PersonUsage(usage.liveKeys() - 1,
                    usage.totalBudget().subtract(old.maxBudget() == null ? java.math.BigDecimal.ZERO
                            : old.maxBudget()));
            // the new key ends when the old one would have: rotating never extends a key's life
            var terms = old.terms().with(KeyParameter.DURATION, old.expiresAt() == null
                    ? original.terms().duration()
                    : DurationSpec.remaining(clock.instant(), old.expiresAt()).map(DurationSpec::toString).orElse(null));
            if (old.expiresAt() != null && terms.duration() == null) {
                return Submission.answered(new SubmitOutcome.Refused(Map.of("key_alias",
                        "This key has expired; ask for a new key instead.")));
            }
            PolicyVerdict verdict = policy.judge(terms, catalog, withoutOld);
            if (!verdict.refusals().isEmpty()) {
                return Submission.answered(new SubmitOutcome.Refused(verdict.refusals()));
            }
            KeyRequest request = KeyRequest.rotation(user.id(), submissionId, old.id(), old.keyAlias(),
                    "Rotation of " + old.keyName(), verdict.terms(), old.team(), policy, clock.instant());
            return Submission.stored(changes.commit(request.submitted(RequestChanges.actor(user))));
        }).then(started -> retireOldOnceIssued(user, old,
                issuer.issue(started.id(), user, policy.maxTotalBudgetPerPerson())));
    }

    /** The old key is deleted only once its successor has been shown. */
    private SubmitOutcome retireOldOnceIssued(PortalUser user, IssuedKeyView old, SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Issued) {
            try {
                revocation.retire(user, old.id());
            } catch (LiteLlmException e) {
                log.warn("Rotated key {} but could not delete the old one ({}); it stays listed as active",
                        old.keyName(), e.kind());
            }
        }
        return outcome;
    }
}
