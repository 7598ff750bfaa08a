package dev.keyportal.litellm;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What the portal asks LiteLLM to create. {@code litellmAlias} is the collision-free alias sent as
 * {@code key_alias}; {@code metadata} carries {@code portal_request_id} and friends. {@code softBudget} (an alert
 * threshold, or null) can only be given here: {@code /key/update} ignores it.
 */
public record NewKey(String userId, String teamId, String litellmAlias, List<String> models, BigDecimal maxBudget,
        String budgetDuration, String duration, Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests,
        Map<String, String> metadata, BigDecimal softBudget) {

    public NewKey {
        models = List.copyOf(models);
        metadata = Map.copyOf(metadata);
    }
}
