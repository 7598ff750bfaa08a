package dev.keyportal.keys;

import java.util.UUID;

import dev.keyportal.audit.Actor;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.security.PortalUser;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admins block and unblock keys, with a reason: LiteLLM first (idempotent, retried), then the portal records it and
 * announces it ({@link KeyBlockChanged}, so the owner hears of it).
 */
@Service
public class KeyBlocking {

    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final KeyReconciliation reconciliation;

    KeyBlocking(IssuedKeys issuedKeys, LiteLlmGateway liteLlm, TransactionTemplate transaction,
            ApplicationEventPublisher events, KeyReconciliation reconciliation) {
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.transaction = transaction;
        this.events = events;
        this.reconciliation = reconciliation;
    }

    /**
     * What blocking or unblocking did: the key as it is now, whether it changed (only a live key can), and whether
     * LiteLLM turned out not to have the key any more (then it is recorded as deleted there).
     */
    public record Outcome(IssuedKeyView key, boolean changed, boolean goneFromLiteLlm) {

        Outcome(IssuedKeyView key, boolean changed) {
            this(key, changed, false);
        }
    }

    public Outcome setBlocked(PortalUser admin, UUID keyId, boolean blocked, String reason) {
        if (!admin.isAdmin()) {
            throw new IssuedKeyNotFoundException();
        }
        IssuedKeyView key = issuedKeys.byId(keyId);
        if (!key.live()) {
            return new Outcome(key, false);
        }
        try {
            liteLlm.setBlocked(key.tokenHash(), blocked);
        } catch (LiteLlmException e) {
            if (e.kind() != LiteLlmException.Kind.NOT_FOUND) {
                throw e;
            }
            return new Outcome(reconciliation.goneFromLiteLlm(key), false, true);
        }
        return transaction.execute(status -> issuedKeys.blocked(new Actor(admin.id(), admin.displayName()), keyId,
                blocked, reason).map(changed -> {
                    events.publishEvent(new KeyBlockChanged(changed.id(), changed.ownerId(), changed.keyAlias(),
                            blocked, reason, admin.displayName()));
                    return changed;
                })).map(changed -> new Outcome(changed, true))
                .orElseGet(() -> new Outcome(issuedKeys.byId(keyId), false));
    }
}
