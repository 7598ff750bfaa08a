package dev.keyportal.keys;

import java.util.List;
import java.util.UUID;

import dev.keyportal.audit.Actor;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revoking a key: LiteLLM deletes it first ({@code /key/delete}, retried, idempotent), then the portal records
 * it. If LiteLLM cannot be reached the key stays as it was and the person is told to try again.
 */
@Service
public class KeyRevocation {

    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final TransactionTemplate transaction;

    KeyRevocation(IssuedKeys issuedKeys, LiteLlmGateway liteLlm, TransactionTemplate transaction) {
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.transaction = transaction;
    }

    /** Revokes one of the person's keys (an admin may revoke anyone's). */
    public IssuedKeyView revoke(PortalUser user, UUID keyId) {
        return delete(user, issuedKeys.get(user, keyId), false);
    }

    /** Deletes the key a rotation replaced, once its successor is issued. */
    public IssuedKeyView retire(PortalUser user, UUID keyId) {
        return delete(user, issuedKeys.byId(keyId), true);
    }

    private IssuedKeyView delete(PortalUser user, IssuedKeyView key, boolean rotated) {
        if (!key.live()) {
            return key;
        }
        liteLlm.deleteKeys(List.of(key.tokenHash()));
        return transaction.execute(status -> issuedKeys.deleted(new Actor(user.id(), user.displayName()), key.id(),
                rotated));
    }
}
