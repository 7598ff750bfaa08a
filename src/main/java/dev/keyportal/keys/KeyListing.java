package dev.keyportal.keys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.keyportal.litellm.KeyState;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Service;

/**
 * A person's keys with what LiteLLM says about them now (spend, budget reset, blocked). When LiteLLM cannot
 * answer, the keys are still listed, marked as missing live data.
 */
@Service
public class KeyListing {

    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final java.time.Clock clock;
    private final java.time.Duration expiryWarning;

    KeyListing(IssuedKeys issuedKeys, LiteLlmGateway liteLlm, java.time.Clock clock,
            @org.springframework.beans.factory.annotation.Value("${portal.keys.expiry-warning:14d}")
            java.time.Duration expiryWarning) {
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.clock = clock;
        this.expiryWarning = expiryWarning;
    }

    /** A key and its live state (null when LiteLLM did not say). */
    public record KeyRow(IssuedKeyView key, KeyState live, boolean expiringSoon, String rotateSubmissionId) {

        /** Spend as a percentage of the budget, 0–100 (0 without live data). */
        public int percentUsed() {
            if (live == null || live.spend() == null || key.maxBudget() == null || key.maxBudget().signum() <= 0) {
                return 0;
            }
            return live.spend().multiply(BigDecimal.valueOf(100)).divide(key.maxBudget(), 0, RoundingMode.HALF_UP)
                    .min(BigDecimal.valueOf(100)).intValue();
        }

        /** The soft budget LiteLLM keeps for the key (an alert threshold only), or null. */
        public BigDecimal softBudget() {
            return live == null || live.softBudget() == null || live.softBudget().signum() <= 0 ? null
                    : live.softBudget();
        }

        /** Whether spend has reached the key's soft budget in LiteLLM. */
        public boolean pastSoftBudget() {
            BigDecimal soft = softBudget();
            return soft != null && live.spend() != null && live.spend().compareTo(soft) >= 0;
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

    /** The live keys' rows, the revoked or rotated keys, and whether live data could be read. */
    public record Listing(List<KeyRow> rows, List<IssuedKeyView> retired, boolean liveDataAvailable) {

        /**
         * Keys that have used {@value #WARN_AT_PERCENT}% of their budget or more, or reached their soft budget in
         * LiteLLM: worth a warning.
         */
        public List<KeyRow> nearBudget() {
            return rows.stream().filter(KeyRow::nearBudget).toList();
        }
    }

    /** Where a key's budget bar turns amber and "My spend" warns. */
    public static final int WARN_AT_PERCENT = 80;

    public Listing of(PortalUser user) {
        List<IssuedKeyView> owned = issuedKeys.ownedBy(user);
        List<IssuedKeyView> keys = owned.stream().filter(IssuedKeyView::live).toList();
        List<IssuedKeyView> retired = owned.stream().filter(key -> !key.live()).toList();
        if (keys.isEmpty()) {
            return new Listing(List.of(), retired, true);
        }
        Map<String, KeyState> live;
        boolean available = true;
        try {
            live = liteLlm.keysOfUser(user.litellmUserId()).stream()
                    .filter(state -> state.tokenHash() != null)
                    .collect(Collectors.toMap(KeyState::tokenHash, Function.identity(), (a, b) -> a));
        } catch (LiteLlmException e) {
            live = Map.of();
            available = false;
        }
        Map<String, KeyState> states = live;
        java.time.Instant warnFrom = clock.instant().plus(expiryWarning);
        return new Listing(keys.stream().map(key -> new KeyRow(key, states.get(key.tokenHash()),
                key.expiresAt() != null && key.expiresAt().isBefore(warnFrom),
                java.util.UUID.randomUUID().toString())).toList(), retired, available);
    }
}
