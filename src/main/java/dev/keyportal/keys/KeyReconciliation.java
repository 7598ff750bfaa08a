package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.keyportal.litellm.KeyState;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notices keys deleted, blocked, unblocked or re-budgeted in LiteLLM outside the portal and brings the portal's
 * view in line, audited as external changes. One {@code /key/list} page run per person who holds live keys.
 */
@Service
public class KeyReconciliation {

    private static final Logger log = LoggerFactory.getLogger(KeyReconciliation.class);

    private final IssuedKeys issuedKeys;
    private final PortalUsers users;
    private final LiteLlmGateway liteLlm;
    private final TransactionTemplate transaction;

    KeyReconciliation(IssuedKeys issuedKeys, PortalUsers users, LiteLlmGateway liteLlm,
            TransactionTemplate transaction) {
        this.issuedKeys = issuedKeys;
        this.users = users;
        this.liteLlm = liteLlm;
        this.transaction = transaction;
    }

    /** Compares every live key with LiteLLM; returns how many the portal updated. */
    public int reconcile() {
        int changed = 0;
        int unreachable = 0;
        for (UUID ownerId : issuedKeys.ownersOfLiveKeys()) {
            PortalUser owner = users.find(ownerId, Set.of()).orElse(null);
            if (owner == null) {
                continue;
            }
            Map<String, KeyState> there;
            try {
                there = liteLlm.keysOfUser(owner.litellmUserId()).stream()
                        .filter(state -> state.tokenHash() != null)
                        .collect(Collectors.toMap(KeyState::tokenHash, Function.identity(), (a, b) -> a));
            } catch (LiteLlmException e) {
                unreachable++;
                continue;
            }
            for (IssuedKeyView key : issuedKeys.liveKeysOf(ownerId)) {
                if (apply(key, there.get(key.tokenHash()))) {
                    changed++;
                }
            }
        }
        log.info("Key reconciliation: {} key(s) changed outside the portal, {} person(s) not checked (LiteLLM)",
                changed, unreachable);
        return changed;
    }

    private boolean apply(IssuedKeyView key, KeyState state) {
        boolean deleted = state == null;
        boolean blocked = !deleted && state.blocked();
        BigDecimal budget = deleted ? null : state.maxBudget();
        boolean budgetMoved = budget != null && key.maxBudget() != null && budget.compareTo(key.maxBudget()) != 0;
        boolean blockMoved = !deleted && blocked != key.blocked();
        boolean expiryMoved = !deleted && !sameSecond(state.expires(), key.expiresAt());
        if (!deleted && !budgetMoved && !blockMoved && !expiryMoved) {
            return false;
        }
        transaction.executeWithoutResult(status -> issuedKeys.changedOutside(key.id(), deleted, blocked,
                budgetMoved ? budget : null, expiryMoved, expiryMoved ? state.expires() : null));
        return true;
    }

    /**
     * Records that LiteLLM no longer has this key, as the next reconciliation run would: a call on the key answered
     * that it does not exist ({@link dev.keyportal.litellm.LiteLlmException.Kind#NOT_FOUND}). Audited as an
     * external change; the key as it is now.
     */
    public IssuedKeyView goneFromLiteLlm(IssuedKeyView key) {
        log.info("Key {} ({}) does not exist in LiteLLM any more; recorded as deleted there", key.id(), key.keyName());
        return transaction.execute(status -> key.live()
                ? issuedKeys.changedOutside(key.id(), true, false, null, false, null)
                : key);
    }

    /** LiteLLM and Postgres keep different sub-second precision; a second apart is the same expiry. */
    private static boolean sameSecond(Instant a, Instant b) {
        return a == null || b == null ? a == b : Math.abs(Duration.between(a, b).toMillis()) < 1000;
    }
}
