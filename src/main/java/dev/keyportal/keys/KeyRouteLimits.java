package dev.keyportal.keys;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
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
 * Brings people and keys from before the route limits in line: each holder of a live key whose LiteLLM user still
 * has the self-serve role {@value LiteLlmGateway#SELF_SERVE_ROLE} gets {@value LiteLlmGateway#USER_ROLE}
 * ({@code /user/update}), and each live key not yet limited to model calls gets {@code allowed_routes:
 * [llm_api_routes]} ({@code /key/update}). Each change is one audit event; what is already in line is left alone,
 * so a second run changes nothing. Other roles (an admin's own LiteLLM user) are not touched: their keys' route
 * limit is what fences them.
 */
@Service
public class KeyRouteLimits {

    private static final Logger log = LoggerFactory.getLogger(KeyRouteLimits.class);
    private static final Actor ACTOR = Actor.system("route-limits");

    private final IssuedKeys issuedKeys;
    private final PortalUsers users;
    private final LiteLlmGateway liteLlm;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final KeyReconciliation reconciliation;

    KeyRouteLimits(IssuedKeys issuedKeys, PortalUsers users, LiteLlmGateway liteLlm, AuditTrail audit,
            TransactionTemplate transaction, KeyReconciliation reconciliation) {
        this.issuedKeys = issuedKeys;
        this.users = users;
        this.liteLlm = liteLlm;
        this.audit = audit;
        this.transaction = transaction;
        this.reconciliation = reconciliation;
    }

    /** What one run changed, and how many people LiteLLM could not be asked about. */
    public record Outcome(int usersLimited, int keysLimited, int unreachable) {
    }

    /** Limits every holder of live keys and every live key that is not limited yet. */
    public Outcome limitAll() {
        int usersLimited = 0;
        int keysLimited = 0;
        int unreachable = 0;
        for (UUID ownerId : issuedKeys.ownersOfLiveKeys()) {
            PortalUser owner = users.find(ownerId, Set.of()).orElse(null);
            if (owner == null) {
                continue;
            }
            try {
                if (limitUser(owner)) {
                    usersLimited++;
                }
                keysLimited += limitKeys(owner);
            } catch (LiteLlmException e) {
                unreachable++;
            }
        }
        log.info("Route limits: {} LiteLLM user(s) and {} key(s) limited, {} person(s) not checked (LiteLLM)",
                usersLimited, keysLimited, unreachable);
        return new Outcome(usersLimited, keysLimited, unreachable);
    }

    private boolean limitUser(PortalUser owner) {
        Optional<String> role = liteLlm.userRole(owner.litellmUserId());
        if (role.isEmpty() || !role.get().equals(LiteLlmGateway.SELF_SERVE_ROLE)) {
            return false;
        }
        liteLlm.limitUserRole(owner.litellmUserId());
        transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(ACTOR, "user.litellm_role_limited",
                "USER", owner.id(), null, Map.of("litellm_role", role.get()),
                Map.of("litellm_role", LiteLlmGateway.USER_ROLE))));
        return true;
    }

    private int limitKeys(PortalUser owner) {
        Map<String, KeyState> there = liteLlm.keysOfUser(owner.litellmUserId()).stream()
                .filter(state -> state.tokenHash() != null)
                .collect(Collectors.toMap(KeyState::tokenHash, Function.identity(), (a, b) -> a));
        int limited = 0;
        for (IssuedKeyView key : issuedKeys.liveKeysOf(owner.id())) {
            KeyState state = there.get(key.tokenHash());
            if (state == null || state.limitedToModelRoutes()) {
                continue; // gone from LiteLLM (key reconciliation follows that), or limited already
            }
            try {
                liteLlm.limitToModelRoutes(key.tokenHash());
            } catch (LiteLlmException e) {
                if (e.kind() != LiteLlmException.Kind.NOT_FOUND) {
                    throw e;
                }
                reconciliation.goneFromLiteLlm(key); // deleted since the list was read
                continue;
            }
            List<String> before = state.allowedRoutes();
            transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(ACTOR, "key.routes_limited",
                    "KEY", key.id(), key.requestId(), Map.of("allowed_routes", before.isEmpty() ? "any" : before),
                    Map.of("allowed_routes", LiteLlmGateway.MODEL_ROUTES))));
            limited++;
        }
        return limited;
    }
}
