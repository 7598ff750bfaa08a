package dev.keyportal.keys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.keyportal.security.PortalUser;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A person's keys with their spend and budget state as the portal last copied it from LiteLLM (the spend sync every
 * few minutes, or the person's "refresh now"), and how old that copy is. Listing keys never calls LiteLLM.
 */
@Service
public class KeyListing {

    private final IssuedKeys issuedKeys;
    private final KeyBudgetStates budgets;
    private final Clock clock;
    private final Duration expiryWarning;
    private final Duration refreshInterval;

    KeyListing(IssuedKeys issuedKeys, KeyBudgetStates budgets, Clock clock,
            @Value("${portal.keys.expiry-warning:14d}") Duration expiryWarning,
            @Value("${portal.keys.spend-refresh-interval:30s}") Duration refreshInterval) {
        this.issuedKeys = issuedKeys;
        this.budgets = budgets;
        this.clock = clock;
        this.expiryWarning = expiryWarning;
        this.refreshInterval = refreshInterval;
    }

    /** A key and its copied spend and budget state (null when none was copied yet). */
    public record KeyRow(IssuedKeyView key, KeyBudgetState live, boolean expiringSoon, String rotateSubmissionId) {

        /** Spend as a percentage of the budget, 0–100 (0 without live data). */
        public int percentUsed() {
            if (live == null || live.spend() == null || key.maxBudget() == null || key.maxBudget().signum() <= 0) {
                return 0;
            }
            return live.spend().multiply(BigDecimal.valueOf(100)).divide(key.maxBudget(), 0, RoundingMode.HALF_UP)
                    .min(BigDecimal.valueOf(100)).intValue();
        }

        /**
         * The key's soft budget (an alert threshold only), or null: the one it was created with, as the portal keeps
         * it (LiteLLM's key list never shows it), else one the live data carries.
         */
        public BigDecimal softBudget() {
            BigDecimal soft = key.softBudget() != null ? key.softBudget() : live == null ? null : live.softBudget();
            return soft == null || soft.signum() <= 0 ? null : soft;
        }

        /** Whether spend has reached the key's soft budget in LiteLLM. */
        public boolean pastSoftBudget() {
            BigDecimal soft = softBudget();
            return soft != null && live != null && live.spend() != null && live.spend().compareTo(soft) >= 0;
        }

        /** Worth a warning: {@value #WARN_AT_PERCENT}% of the budget used, or the soft budget reached. */
        public boolean nearBudget() {
            return percentUsed() >= WARN_AT_PERCENT || pastSoftBudget();
        }

        /** CSS classes of the budget bar: width in steps of 5%, amber near the budget, red at it. */
        public String barClass() {
            int percent = percentUsed();
            return "pct-" + (percent / 5 * 5) + (percent >= 100 ? " bg-danger" : nearBudget() ? " bg-warning" : "");
        }
    }

    /**
     * The live keys' rows, the revoked or rotated keys, and when the oldest of the rows' figures was copied from
     * LiteLLM (null when a live key has none yet).
     */
    public record Listing(List<KeyRow> rows, List<IssuedKeyView> retired, Instant asOf) {

        /**
         * Keys that have used {@value #WARN_AT_PERCENT}% of their budget or more, or reached their soft budget in
         * LiteLLM: worth a warning.
         */
        public List<KeyRow> nearBudget() {
            return rows.stream().filter(KeyRow::nearBudget).toList();
        }
    }

    /** What "refresh now" did. */
    public enum Refresh {
        /** The figures were copied from LiteLLM just now. */
        REFRESHED,
        /** Every figure is younger than the refresh interval: nothing was asked. */
        TOO_SOON,
        /** LiteLLM did not answer; the figures stay as they were. */
        LITELLM_DID_NOT_ANSWER
    }

    /** Where a key's budget bar turns amber and "My spend" warns. */
    public static final int WARN_AT_PERCENT = 80;

    public Listing of(PortalUser user) {
        List<IssuedKeyView> owned = issuedKeys.ownedBy(user);
        List<IssuedKeyView> keys = owned.stream().filter(IssuedKeyView::live).toList();
        List<IssuedKeyView> retired = owned.stream().filter(key -> !key.live()).toList();
        if (keys.isEmpty()) {
            return new Listing(List.of(), retired, null);
        }
        Map<String, KeyBudgetState> states = budgets.of(keys.stream().map(IssuedKeyView::tokenHash)
                .filter(Objects::nonNull).toList());
        Instant warnFrom = clock.instant().plus(expiryWarning);
        List<KeyRow> rows = keys.stream().map(key -> new KeyRow(key, key.tokenHash() == null ? null
                : states.get(key.tokenHash()), key.expiresAt() != null && key.expiresAt().isBefore(warnFrom),
                UUID.randomUUID().toString())).toList();
        return new Listing(rows, retired, oldestCopy(rows));
    }

    /**
     * Copies the person's figures from LiteLLM now, unless all of them were copied within the refresh interval
     * ({@code portal.keys.spend-refresh-interval}, 30 s): a person clicking again and again asks LiteLLM once.
     */
    public Refresh refresh(PortalUser user) {
        Instant oldest = of(user).asOf();
        if (oldest != null && oldest.isAfter(clock.instant().minus(refreshInterval))) {
            return Refresh.TOO_SOON;
        }
        return budgets.refresh(user) ? Refresh.REFRESHED : Refresh.LITELLM_DID_NOT_ANSWER;
    }

    private static Instant oldestCopy(List<KeyRow> rows) {
        if (rows.stream().anyMatch(row -> row.live() == null)) {
            return null;
        }
        return rows.stream().map(row -> row.live().seenAt()).min(Comparator.naturalOrder()).orElse(null);
    }
}
