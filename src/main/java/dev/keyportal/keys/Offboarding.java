package dev.keyportal.keys;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Offboarding: an admin disables a person (their sessions end, their waiting requests are cancelled, they cannot
 * sign in) and blocks or revokes every live key of theirs in one action, audited. Keys LiteLLM could not change
 * are reported, so the admin can run it again.
 */
@Service
public class Offboarding {

    private final IssuedKeys issuedKeys;
    private final KeyBlocking blocking;
    private final KeyRevocation revocation;
    private final PortalUsers users;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;

    Offboarding(IssuedKeys issuedKeys, KeyBlocking blocking, KeyRevocation revocation, PortalUsers users,
            AuditTrail audit, TransactionTemplate transaction) {
        this.issuedKeys = issuedKeys;
        this.blocking = blocking;
        this.revocation = revocation;
        this.users = users;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** What an offboarding did: keys changed and keys LiteLLM refused or could not be reached for. */
    public record Result(String person, int changed, int failed) {
    }

    public Result offboard(PortalUser admin, UUID personId, boolean revoke, String reason) {
        PortalUser person = users.find(personId, Set.of()).orElseThrow(IssuedKeyNotFoundException::new);
        users.disable(admin, personId, reason);
        int changed = 0;
        int failed = 0;
        List<IssuedKeyView> keys = issuedKeys.liveKeysOf(personId);
        for (IssuedKeyView key : keys) {
            try {
                if (revoke) {
                    revocation.revoke(admin, key.id());
                } else if (!key.blocked()) {
                    blocking.setBlocked(admin, key.id(), true, reason);
                }
                changed++;
            } catch (LiteLlmException e) {
                failed++;
            }
        }
        int done = changed;
        int notDone = failed;
        transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(admin.id(), admin.displayName(),
                "user.offboarded", "USER", personId, null, null, Map.of("action", revoke ? "revoke" : "block",
                        "reason", reason, "keys_changed", done, "keys_failed", notDone))));
        return new Result(person.displayName(), changed, failed);
    }
}
