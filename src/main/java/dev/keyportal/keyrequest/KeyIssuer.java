package dev.keyportal.keyrequest;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.keys.NewIssuedKey;
import dev.keyportal.litellm.CreatedKey;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.UserEmailClashException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.litellm.NewKey;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.security.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuing protocol, for a request already committed as ISSUING: ensure the LiteLLM user and team (unless an
 * earlier key of the same person did, recently: {@link EnsuredInLiteLlm}), call
 * {@code /key/generate} once (never retried), then in one transaction store the key's hash and masked name, move
 * the request to ISSUED and audit it. A definite failure ends FAILED; an unknown outcome stays ISSUING for the
 * reconciler; a failed local commit deletes the new key in LiteLLM.
 */
@Component
class KeyIssuer {

    private static final Logger log = LoggerFactory.getLogger(KeyIssuer.class);

    private final LiteLlmGateway liteLlm;
    private final IssuedKeys issuedKeys;
    private final KeyRequestRepository requests;
    private final RequestChanges changes;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final EnsuredInLiteLlm ensured;

    KeyIssuer(LiteLlmGateway liteLlm, IssuedKeys issuedKeys, KeyRequestRepository requests, RequestChanges changes,
            AuditTrail audit, TransactionTemplate transaction, Clock clock, EnsuredInLiteLlm ensured) {
        this.ensured = ensured;
        this.liteLlm = liteLlm;
        this.issuedKeys = issuedKeys;
        this.requests = requests;
        this.changes = changes;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    SubmitOutcome issue(UUID requestId, PortalUser requester, java.math.BigDecimal userBudget) {
        KeyRequest request = requests.findById(requestId).orElseThrow(KeyRequestNotFoundException::new);
        try {
            // what an earlier key of this person already made sure of is not asked again
            java.util.Set<String> known = ensured.of(requester.litellmUserId());
            if (!known.contains(EnsuredInLiteLlm.USER)) {
                liteLlm.ensureUser(requester.litellmUserId(), requester.email(), userBudget);
                ensured.remember(requester.litellmUserId(), EnsuredInLiteLlm.USER);
            }
            if (request.team() != null && !known.contains(request.team())) {
                liteLlm.ensureTeamMember(request.team(), requester.litellmUserId());
                ensured.remember(requester.litellmUserId(), request.team());
            }
        } catch (UserEmailClashException clash) {
            // not a parallel creation: another LiteLLM user has this e-mail address; issuing stops here
            log.warn("LiteLLM user {} not created for request {}: another LiteLLM user has the same e-mail address",
                    clash.userId(), requestId);
            return new SubmitOutcome.Failed(emailClash(requestId, requester, clash), clash);
        } catch (LiteLlmException e) {
            // no key call was made: nothing can be left behind
            return new SubmitOutcome.Failed(fail(requestId, requester, reasonFor(e)), e);
        }

        CreatedKey created;
        try {
            created = liteLlm.createKey(newKey(request, requester));
        } catch (LiteLlmException e) {
            if (e.outcomeUnknown()) {
                log.warn("Key generation for request {} ended with unknown outcome ({}); the reconciler settles it",
                        requestId, e.kind());
                return new SubmitOutcome.OutcomeUnknown(outcomeUnknown(requestId, requester, e), e);
            }
            return new SubmitOutcome.Failed(fail(requestId, requester, reasonFor(e)), e);
        }

        try {
            IssuedKeyView key = transaction.execute(status -> record(requestId, requester, created));
            KeyRequestView view = requests.findById(requestId).orElseThrow().view();
            return new SubmitOutcome.Issued(view, key, created.plaintext());
        } catch (RuntimeException commitFailure) {
            log.error("Recording key {} for request {} failed; deleting it in LiteLLM", created.keyName(), requestId,
                    commitFailure);
            return new SubmitOutcome.Failed(compensate(requestId, requester, created), null);
        }
    }

    private IssuedKeyView record(UUID requestId, PortalUser requester, CreatedKey created) {
        KeyRequest request = requests.findById(requestId).orElseThrow();
        KeyTerms terms = request.terms();
        IssuedKeyView key = issuedKeys.record(new NewIssuedKey(requester.id(), requestId, created.tokenHash(),
                created.keyName(), request.keyAlias(), request.litellmAlias(),
                terms.with(KeyParameter.DURATION, null), created.expires(), request.team(),
                request.kind() == RequestKind.ROTATION ? request.targetKeyId() : null, softBudgetFor(request)));
        changes.commit(request.issued(RequestChanges.actor(requester), key, clock.instant()));
        return key;
    }

    /** The key exists in LiteLLM but not here: delete it there, then fail the request. */
    private KeyRequestView compensate(UUID requestId, PortalUser requester, CreatedKey created) {
        try {
            liteLlm.deleteKeys(List.of(created.tokenHash()));
        } catch (LiteLlmException e) {
            log.warn("Could not delete unrecorded key {} for request {} ({}); the reconciler will", created.keyName(),
                    requestId, e.kind());
            return requests.findById(requestId).orElseThrow().view();
        }
        return fail(requestId, requester, "The key could not be recorded, so it was withdrawn. Nothing was kept;"
                + " please request it again.");
    }

    /**
     * Fails the request with an explanation for the person and an audit event ({@code user.litellm_email_clash})
     * that the admins' people page lists, in one transaction.
     */
    private KeyRequestView emailClash(UUID requestId, PortalUser requester, UserEmailClashException clash) {
        return transaction.execute(status -> {
            audit.record(AuditEntry.of(requester.id(), requester.displayName(), "user.litellm_email_clash", "USER",
                    requester.id(), requestId, null, Map.of("litellm_user_id", clash.userId(),
                            "email", clash.email())));
            KeyRequest request = requests.findById(requestId).orElseThrow();
            return changes.commit(request.failed(RequestChanges.actor(requester), EMAIL_CLASH_REASON,
                    clock.instant())).view();
        });
    }

    /** What the person reads on their request when their e-mail address belongs to another LiteLLM user. */
    static final String EMAIL_CLASH_REASON = "LiteLLM already has a user with your e-mail address under a different"
            + " user id, so the portal cannot set up your LiteLLM user and no key was created. This is not something"
            + " trying again fixes: the portal's admins can see the clash on their people page and need to have it"
            + " resolved in LiteLLM first.";

    KeyRequestView fail(UUID requestId, PortalUser actor, String reason) {
        return transaction.execute(status -> {
            KeyRequest request = requests.findById(requestId).orElseThrow();
            Actor by = actor == null ? Actor.system("system") : RequestChanges.actor(actor);
            return changes.commit(request.failed(by, reason, clock.instant())).view();
        });
    }

    private KeyRequestView outcomeUnknown(UUID requestId, PortalUser actor, LiteLlmException e) {
        return transaction.execute(status -> {
            audit.record(AuditEntry.of(actor.id(), actor.displayName(), "request.outcome_unknown", "REQUEST",
                    requestId, requestId, null, Map.of("status", RequestStatus.ISSUING.name(), "litellm_failure",
                            e.kind().name())));
            return requests.findById(requestId).orElseThrow().view();
        });
    }

    private NewKey newKey(KeyRequest request, PortalUser requester) {
        KeyTerms terms = request.terms();
        return new NewKey(requester.litellmUserId(), request.team(), request.litellmAlias(), terms.models(),
                terms.maxBudget(), terms.budgetDuration(), terms.duration(), terms.rpmLimit(), terms.tpmLimit(),
                terms.maxParallelRequests(), Map.of("portal_request_id", request.id().toString(), "requested_by",
                        requester.litellmUserId(), "approved_by", request.approvedBy(), "portal_key_alias", request.keyAlias()),
                softBudgetFor(request));
    }

    /**
     * The soft budget a new key gets: a rotated key's, so the replacement warns at the same amount (LiteLLM takes a
     * soft budget only on {@code /key/generate}); none for other keys.
     */
    private java.math.BigDecimal softBudgetFor(KeyRequest request) {
        return request.kind() == RequestKind.ROTATION && request.targetKeyId() != null
                ? issuedKeys.byId(request.targetKeyId()).softBudget() : null;
    }

    static String reasonFor(LiteLlmException e) {
        return switch (e.kind()) {
            case UNAVAILABLE -> "LiteLLM could not be reached, so no key was created. Try again in a few minutes.";
            case BUSY -> "The portal is waiting on too many LiteLLM calls right now. No key was created; try again.";
            case UNAUTHORIZED -> "LiteLLM refused the portal's credentials, so no key was created. Your LiteLLM"
                    + " administrators need to check the portal's master key.";
            case REJECTED, NOT_FOUND -> "LiteLLM refused the request: " + e.getMessage();
            default -> "LiteLLM failed (" + e.getMessage() + "). No key was kept; try again.";
        };
    }
}
