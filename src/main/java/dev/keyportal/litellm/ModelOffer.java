package dev.keyportal.litellm;

import java.math.BigDecimal;
import java.util.List;

/** A model the proxy offers, with its access groups and prices per token (null when LiteLLM publishes none). */
public record ModelOffer(String name, List<String> accessGroups, BigDecimal inputCostPerToken,
        BigDecimal outputCostPerToken) {

    public ModelOffer {
        accessGroups = List.copyOf(accessGroups);
    }
}
