package dev.keyportal.keys;

import java.util.Map;
import java.util.UUID;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Admins block and unblock keys, with a reason: LiteLLM first (idempotent, retried), then the portal records it. */
@Service
public class KeyBlocking {

    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;

    KeyBlocking(IssuedKeys issuedKeys, LiteLlmGateway liteLlm, AuditTrail audit, TransactionTemplate transaction) {
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.audit = audit;
        this.transaction = transaction;
    }

    public IssuedKeyView setBlocked(PortalUser admin, UUID keyId, boolean blocked, String reason) {
        if (!admin.isAdmin()) {
            throw new IssuedKeyNotFoundException();
        }
        IssuedKeyView key = issuedKeys.byId(keyId);
        if (!key.live()) {
            throw new IllegalStateException("Key " + keyId + " is " + key.status());
        }
        liteLlm.setBlocked(key.tokenHash(), blocked);
        return transaction.execute(status -> {
            IssuedKeyView changed = issuedKeys.blocked(keyId, blocked);
            audit.record(AuditEntry.of(admin.id(), admin.displayName(), blocked ? "key.blocked" : "key.unblocked",
                    "KEY", keyId, key.requestId(), Map.of("status", key.status().name()),
                    Map.of("status", changed.status().name(), "reason", reason)));
            return changed;
        });
    }
}
