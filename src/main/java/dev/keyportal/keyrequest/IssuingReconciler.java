package dev.keyportal.keyrequest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.litellm.KeyState;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles requests left ISSUING by an unknown outcome (docs/architecture.md): any key in LiteLLM carrying the
 * request's alias or {@code portal_request_id} is deleted — its plaintext was never shown — and the request
 * ends FAILED so the person can ask again. A request whose LiteLLM calls fail stays for the next run.
 */
@Service
public class IssuingReconciler {

    private static final Logger log = LoggerFactory.getLogger(IssuingReconciler.class);

    /** How long after failing a request the reconciler still looks for a key LiteLLM created late. */
    private static final Duration LATE_KEY_WINDOW = Duration.ofDays(1);

    private final KeyRequestRepository requests;
    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final KeyIssuer issuer;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    IssuingReconciler(KeyRequestRepository requests, IssuedKeys issuedKeys, LiteLlmGateway liteLlm, KeyIssuer issuer,
            AuditTrail audit, TransactionTemplate transaction, Clock clock) {
        this.requests = requests;
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.issuer = issuer;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Settles every request that has been ISSUING for longer than {@code settleAfter}; returns how many. */
    public int settleStale(Duration settleAfter) {
        List<KeyRequest> stale = requests.findByStatusAndUpdatedAtBefore(RequestStatus.ISSUING,
                clock.instant().minus(settleAfter).plusNanos(1));
        int settled = 0;
        for (KeyRequest request : stale) {
            if (issuedKeys.forRequest(request.id()).isPresent()) {
                continue; // recorded meanwhile; the issuing transaction owns the request
            }
            try {
                int deleted = deleteLeftovers(request);
                issuer.fail(request.id(), null, deleted == 0
                        ? "LiteLLM did not confirm the key in time and none was created. Please request it again."
                        : "LiteLLM did not confirm the key in time; the half-made key was deleted before anyone saw"
                                + " it. Please request it again.");
                settled++;
            } catch (LiteLlmException e) {
                log.warn("Request {} stays ISSUING: LiteLLM {} while settling it", request.id(), e.kind());
            } catch (IllegalStateException | OptimisticLockingFailureException movedOn) {
                log.info("Request {} changed while settling it: {}", request.id(), movedOn.getMessage());
            }
        }
        int strays = deleteLateKeys();
        log.info("Issuing reconciler: {} stale request(s), {} settled, {} late key(s) deleted", stale.size(), settled,
                strays);
        return settled;
    }

    /**
     * LiteLLM may finish creating a key after the portal gave up and failed its request. Keys that turn up later
     * under the alias of a recently failed request are deleted, so no unknown key outlives two runs.
     */
    private int deleteLateKeys() {
        int deleted = 0;
        for (KeyRequest failed : requests.findByStatusAndUpdatedAtAfter(RequestStatus.FAILED,
                clock.instant().minus(LATE_KEY_WINDOW))) {
            try {
                int found = deleteLeftovers(failed);
                if (found > 0) {
                    deleted += found;
                    transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(null, "reconciliation",
                            "request.late_key_deleted", "REQUEST", failed.id(), failed.id(), null,
                            Map.of("keys_deleted", found))));
                }
            } catch (LiteLlmException e) {
                log.warn("Could not look for late keys of request {}: LiteLLM {}", failed.id(), e.kind());
            }
        }
        return deleted;
    }

    private int deleteLeftovers(KeyRequest request) {
        // the alias is unique to this request, so it finds exactly the keys this request may have created
        List<String> hashes = liteLlm.keysWithAlias(request.litellmAlias()).stream()
                .filter(key -> key.portalRequestId() == null || key.portalRequestId().equals(request.id().toString()))
                .map(KeyState::tokenHash)
                .toList();
        liteLlm.deleteKeys(hashes);
        return hashes.size();
    }
}
