package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.List;

/** The limits of a key, in LiteLLM's terms. Null means "not given" (defaults fill it). */
public record KeyTerms(List<String> models, BigDecimal maxBudget, String budgetDuration, String duration,
        Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests) {

    public KeyTerms {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
