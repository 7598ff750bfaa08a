package dev.keyportal.keyrequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.keys.NewIssuedKey;
import dev.keyportal.litellm.KeyState;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policies;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys of portal users that exist in LiteLLM but not in the portal (made before it, or by an admin elsewhere):
 * listed for admins and adopted by hash, without anyone ever seeing their plaintext. Keys the portal itself
 * started ({@code portal_request_id} in their metadata) are the issuing reconciler's business, not listed here.
 */
@Service
public class KeyImports {

    private final PortalUsers users;
    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final Policies policies;
    private final KeyRequestRepository requests;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    KeyImports(PortalUsers users, IssuedKeys issuedKeys, LiteLlmGateway liteLlm, Policies policies,
            KeyRequestRepository requests, AuditTrail audit, TransactionTemplate transaction, Clock clock) {
        this.users = users;
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.policies = policies;
        this.requests = requests;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A key in LiteLLM the portal does not know, and the person it belongs to. */
    public record Importable(PortalUser owner, KeyState key) {
    }

    /** Every unknown key of every person who has signed in (admins only). */
    public List<Importable> importable(PortalUser admin) {
        requireAdmin(admin);
        List<Importable> found = new ArrayList<>();
        for (PortalUser person : users.everyone()) {
            List<KeyState> there = liteLlm.keysOfUser(person.litellmUserId()).stream()
                    .filter(key -> key.tokenHash() != null && key.portalRequestId() == null).toList();
            Set<String> known = issuedKeys.known(there.stream().map(KeyState::tokenHash).toList());
            there.stream().filter(key -> !known.contains(key.tokenHash()))
                    .forEach(key -> found.add(new Importable(person, key)));
        }
        return found;
    }

    /** Adopts one key of a person by its hash; the portal records it as issued, approved by this admin. */
    public IssuedKeyView adopt(PortalUser admin, UUID ownerId, String tokenHash) {
        requireAdmin(admin);
        PortalUser owner = users.find(ownerId, Set.of()).orElseThrow(KeyRequestNotFoundException::new);
        KeyState key = liteLlm.keysOfUser(owner.litellmUserId()).stream()
                .filter(state -> tokenHash.equals(state.tokenHash()) && state.portalRequestId() == null)
                .findFirst().orElseThrow(KeyRequestNotFoundException::new);
        if (!issuedKeys.known(List.of(tokenHash)).isEmpty()) {
            throw new KeyRequestNotFoundException(); // adopted already: nothing left to adopt
        }
        String alias = key.keyAlias() != null && !key.keyAlias().isBlank() ? key.keyAlias() : key.keyName();
        KeyTerms terms = KeyTerms.of(key.models()).with(KeyParameter.MAX_BUDGET, key.maxBudget())
                .with(KeyParameter.BUDGET_DURATION, key.budgetDuration());
        try {
            return record(admin, owner, key, alias, terms);
        } catch (DataIntegrityViolationException raced) {
            throw new KeyRequestNotFoundException(); // another admin adopted it a moment ago
        }
    }

    private IssuedKeyView record(PortalUser admin, PortalUser owner, KeyState key, String alias, KeyTerms terms) {
        // the key list never carries the soft budget; /key/info does
        java.math.BigDecimal softBudget = key.softBudget() != null ? key.softBudget()
                : liteLlm.softBudgetOf(key.tokenHash());
        return transaction.execute(status -> {
            KeyRequest request = KeyRequest.imported(owner.id(), shorten(alias), terms, key.teamId(),
                    policies.forTeam(key.teamId()), new KeyRequest.Decider(admin.id(), admin.displayName(),
                            admin.litellmUserId()), clock.instant());
            requests.saveAndFlush(request);
            IssuedKeyView adopted = issuedKeys.record(new NewIssuedKey(owner.id(), request.id(), key.tokenHash(),
                    key.keyName(), shorten(alias), key.keyAlias() == null ? key.keyName() : key.keyAlias(),
                    terms, key.expires(), key.teamId(), null, softBudget));
            audit.record(AuditEntry.of(admin.id(), admin.displayName(), "key.imported", "KEY", adopted.id(),
                    request.id(), null, Map.of("owner", owner.litellmUserId(), "key_name", adopted.keyName(),
                            "token_hash", adopted.tokenHash())));
            return adopted;
        });
    }

    private static String shorten(String alias) {
        return alias.length() <= 64 ? alias : alias.substring(0, 64);
    }

    private static void requireAdmin(PortalUser admin) {
        if (!admin.isAdmin()) {
            throw new KeyRequestNotFoundException();
        }
    }
}
