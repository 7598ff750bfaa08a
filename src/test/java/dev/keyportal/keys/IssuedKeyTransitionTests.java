package dev.keyportal.keys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** An issued key's changes: blocking, deletion and what the reconciler follows, each with its audit event. */
class IssuedKeyTransitionTests {

    private static final Instant ISSUED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant LATER = ISSUED.plusSeconds(3600);
    private static final Actor ADMIN = new Actor(UUID.randomUUID(), "Ada Admin");

    @Test
    void anAdminBlocksAndUnblocksALiveKeyForAReason() {
        IssuedKey key = key();

        AuditEntry blocked = key.blocked(ADMIN, true, "left the company").event();

        assertThat(key.view().status()).isEqualTo(KeyStatus.BLOCKED);
        assertThat(key.view().blocked()).isTrue();
        assertThat(key.view().live()).isTrue();
        assertThat(key.view().canBeRotated()).isFalse();
        assertThat(blocked.action()).isEqualTo("key.blocked");
        assertThat(blocked.actorName()).isEqualTo("Ada Admin");
        assertThat(blocked.subjectId()).isEqualTo(key.view().id().toString());
        assertThat(values(blocked.before())).isEqualTo(Map.of("status", "ACTIVE"));
        assertThat(values(blocked.after())).isEqualTo(Map.of("status", "BLOCKED", "reason", "left the company"));

        AuditEntry unblocked = key.blocked(ADMIN, false, "came back").event();

        assertThat(key.view().status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(key.view().canBeRotated()).isTrue();
        assertThat(key.view().budgetCanBeRaised()).isTrue();
        assertThat(unblocked.action()).isEqualTo("key.unblocked");
    }

    @Test
    void aRevokedKeyCanNoLongerBeBlockedAndStaysRevoked() {
        IssuedKey key = key();
        AuditEntry revoked = key.deleted(ADMIN, false, LATER).event();

        assertThat(key.view().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(key.view().revokedAt()).isEqualTo(LATER);
        assertThat(key.view().live()).isFalse();
        assertThat(revoked.action()).isEqualTo("key.revoked");
        assertThat(values(revoked.after())).isEqualTo(Map.of("status", "REVOKED", "key_name", "sk-...abcd"));
        assertThatIllegalStateException().isThrownBy(() -> key.blocked(ADMIN, true, "too late"));

        key.deleted(ADMIN, true, LATER.plusSeconds(60));

        assertThat(key.view().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(key.view().revokedAt()).isEqualTo(LATER);
    }

    @Test
    void aRotatedKeyIsRecordedAsRotated() {
        IssuedKey key = key();

        AuditEntry rotated = key.deleted(new Actor(UUID.randomUUID(), "Alice"), true, LATER).event();

        assertThat(key.view().status()).isEqualTo(KeyStatus.ROTATED);
        assertThat(rotated.action()).isEqualTo("key.rotated");
        assertThat(rotated.actorName()).isEqualTo("Alice");
    }

    @Test
    void theReconcilerFollowsWhatLiteLlmSaysAndRecordsBeforeAndAfter() {
        IssuedKey key = key();
        Instant expires = Instant.parse("2027-03-01T00:00:00Z");

        AuditEntry changed = key.changedOutside(false, true, new BigDecimal("75"), true, expires, LATER).event();

        assertThat(key.view().status()).isEqualTo(KeyStatus.BLOCKED);
        assertThat(key.view().maxBudget()).isEqualByComparingTo("75");
        assertThat(key.view().expiresAt()).isEqualTo(expires);
        assertThat(changed.action()).isEqualTo("key.changed_outside");
        assertThat(changed.actorId()).isNull();
        assertThat(changed.actorName()).isEqualTo("reconciliation");
        assertThat(values(changed.before())).isEqualTo(Map.of("status", "ACTIVE", "max_budget",
                new BigDecimal("50"), "expires_at", "never"));
        assertThat(values(changed.after())).isEqualTo(Map.of("status", "BLOCKED", "max_budget",
                new BigDecimal("75"), "expires_at", expires.toString(), "deleted_in_litellm", false));

        key.changedOutside(true, false, null, false, null, LATER);

        assertThat(key.view().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(key.view().maxBudget()).isEqualByComparingTo("75");
    }

    private static IssuedKey key() {
        return new IssuedKey(new NewIssuedKey(UUID.randomUUID(), UUID.randomUUID(), "hash-1", "sk-...abcd", "laptop",
                "kp-1", new KeyTerms(List.of("gpt-4o-mini"), Map.of(KeyParameter.MAX_BUDGET, new BigDecimal("50"),
                        KeyParameter.BUDGET_DURATION, "30d", KeyParameter.RPM_LIMIT, 60)), null, null, null), ISSUED);
    }

    private static Map<String, Object> values(Map<String, ?> values) {
        return values == null ? null : new LinkedHashMap<>(values);
    }
}
