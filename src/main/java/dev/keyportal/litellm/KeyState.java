package dev.keyportal.litellm;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What LiteLLM currently knows about a key (from {@code /key/list} or {@code /key/info}). {@code softBudget} is
 * the alert threshold of the budget row LiteLLM may link to the key (null when there is none); it never blocks.
 * {@code allowedRoutes} are the routes the key may call (empty: whatever its user's role allows).
 */
public record KeyState(String tokenHash, String keyName, String keyAlias, String userId, String teamId,
        List<String> models, BigDecimal spend, BigDecimal maxBudget, String budgetDuration, Instant budgetResetAt,
        Instant expires, boolean blocked, Map<String, Object> metadata, BigDecimal softBudget,
        List<String> allowedRoutes) {

    public KeyState {
        allowedRoutes = allowedRoutes == null ? List.of() : List.copyOf(allowedRoutes);
    }

    /** True when the key may call model routes and nothing else. */
    public boolean limitedToModelRoutes() {
        return allowedRoutes.equals(LiteLlmGateway.MODEL_ROUTES);
    }

    /** The portal request that created this key, if the portal created it. */
    public String portalRequestId() {
        Object id = metadata == null ? null : metadata.get("portal_request_id");
        return id == null ? null : id.toString();
    }
}
