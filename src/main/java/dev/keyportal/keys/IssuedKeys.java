package dev.keyportal.keys;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.security.AccessDenials;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The portal's record of issued keys. Reads check ownership: someone else's key is "not found". Changes are kept
 * together with their audit event, in the caller's transaction.
 */
@Service
public class IssuedKeys {

    private final IssuedKeyRepository keys;
    private final AuditTrail audit;
    private final Clock clock;
    private final AccessDenials denials;

    IssuedKeys(IssuedKeyRepository keys, AuditTrail audit, Clock clock, AccessDenials denials) {
        this.denials = denials;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores a new key inside the caller's transaction (the one that also moves its request to ISSUED). */
    @Transactional(propagation = Propagation.MANDATORY)
    public IssuedKeyView record(NewIssuedKey key) {
        return keys.saveAndFlush(new IssuedKey(key, clock.instant())).view();
    }

    @Transactional(readOnly = true)
    public List<IssuedKeyView> ownedBy(PortalUser user) {
        return keys.findByOwnerIdOrderByCreatedAtDesc(user.id()).stream().map(IssuedKey::view).toList();
    }

    /** Every key a person ever had, live or not, newest first: for an admin's view of their spend. */
    @Transactional(readOnly = true)
    public List<IssuedKeyView> everKeysOf(UUID ownerId) {
        return keys.findByOwnerIdOrderByCreatedAtDesc(ownerId).stream().map(IssuedKey::view).toList();
    }

    /** One key, for its owner or an admin; anyone else's is "not found", and audited as access denied. */
    @Transactional(readOnly = true)
    public IssuedKeyView get(PortalUser user, UUID id) {
        IssuedKeyView key = keys.findById(id).map(IssuedKey::view).orElseThrow(IssuedKeyNotFoundException::new);
        if (!key.ownerId().equals(user.id()) && !user.isAdmin()) {
            denials.denied(user, "KEY", id);
            throw new IssuedKeyNotFoundException();
        }
        return key;
    }

    /** One of the person's own keys; anyone else's (an admin's view included) is "not found", audited. */
    @Transactional(readOnly = true)
    public IssuedKeyView own(PortalUser user, UUID id) {
        IssuedKeyView key = keys.findById(id).map(IssuedKey::view).orElseThrow(IssuedKeyNotFoundException::new);
        if (!key.ownerId().equals(user.id())) {
            denials.denied(user, "KEY", id);
            throw new IssuedKeyNotFoundException();
        }
        return key;
    }

    /** The portal's keys among these token hashes, by hash. */
    @Transactional(readOnly = true)
    public java.util.Map<String, IssuedKeyView> byHashes(java.util.Collection<String> tokenHashes) {
        return keys.findByTokenHashIn(tokenHashes).stream().map(IssuedKey::view)
                .collect(java.util.stream.Collectors.toMap(IssuedKeyView::tokenHash, v -> v));
    }

    /** Which of these token hashes the portal already knows (live or not). */
    @Transactional(readOnly = true)
    public java.util.Set<String> known(java.util.Collection<String> tokenHashes) {
        return keys.findByTokenHashIn(tokenHashes).stream().map(k -> k.view().tokenHash())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** People who hold live keys (for reconciliation). */
    @Transactional(readOnly = true)
    public List<UUID> ownersOfLiveKeys() {
        return keys.ownersOfLiveKeys();
    }

    /** A person's live keys. */
    @Transactional(readOnly = true)
    public List<IssuedKeyView> liveKeysOf(UUID ownerId) {
        return keys.findByOwnerIdAndStatusIn(ownerId, List.of(KeyStatus.ACTIVE, KeyStatus.BLOCKED)).stream()
                .map(IssuedKey::view).toList();
    }

    /** Follows a change made in LiteLLM outside the portal, audited, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    IssuedKeyView changedOutside(UUID keyId, boolean deletedThere, boolean blockedThere,
            java.math.BigDecimal budgetThere, boolean expiryChanged, java.time.Instant expiresThere) {
        IssuedKey key = keys.lockById(keyId).orElseThrow(IssuedKeyNotFoundException::new);
        return commit(key.changedOutside(deletedThere, blockedThere, budgetThere, expiryChanged, expiresThere,
                clock.instant()));
    }

    /** Records a block or unblock LiteLLM has applied, audited, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<IssuedKeyView> blocked(Actor admin, UUID keyId, boolean blocked, String reason) {
        IssuedKey key = keys.lockById(keyId).orElseThrow(IssuedKeyNotFoundException::new);
        return key.view().live() ? Optional.of(commit(key.blocked(admin, blocked, reason))) : Optional.empty();
    }


    /** Records that LiteLLM deleted the key (revoked, or rotated away), audited, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    IssuedKeyView deleted(Actor by, UUID keyId, boolean rotated) {
        IssuedKey key = keys.lockById(keyId).orElseThrow(IssuedKeyNotFoundException::new);
        return commit(key.deleted(by, rotated, clock.instant()));
    }

    /** The one way a changed key is kept: stored (flushed, so a concurrent change fails here) with its audit event. */
    private IssuedKeyView commit(IssuedKey.Change change) {
        IssuedKeyView stored = keys.saveAndFlush(change.key()).view();
        audit.record(change.event());
        return stored;
    }

    /** Records a budget LiteLLM has accepted for the key, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public IssuedKeyView budgetChanged(UUID keyId, java.math.BigDecimal newBudget) {
        IssuedKey key = keys.findById(keyId).orElseThrow(IssuedKeyNotFoundException::new);
        key.budgetChanged(newBudget);
        return keys.saveAndFlush(key).view();
    }

    /** A key by id, without an ownership check: for services acting on a request already checked. */
    @Transactional(readOnly = true)
    public IssuedKeyView byId(UUID keyId) {
        return keys.findById(keyId).map(IssuedKey::view).orElseThrow(IssuedKeyNotFoundException::new);
    }

    @Transactional(readOnly = true)
    public Optional<IssuedKeyView> forRequest(UUID requestId) {
        return keys.findByRequestId(requestId).map(IssuedKey::view);
    }

    @Transactional(readOnly = true)
    public Holdings holdingsOf(UUID ownerId) {
        return new Holdings(keys.countLive(ownerId), keys.sumLiveBudgets(ownerId));
    }
}
