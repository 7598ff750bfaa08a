package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The terms of a key in LiteLLM's terms: its models and a value per {@link KeyParameter}. A missing value means
 * "not given" (the policy's defaults fill it) or, once judged, "none".
 */
public record KeyTerms(List<String> models, Map<KeyParameter, Object> values) {

    public KeyTerms {
        models = models == null ? List.of() : List.copyOf(models);
        EnumMap<KeyParameter, Object> checked = new EnumMap<>(KeyParameter.class);
        if (values != null) {
            values.forEach((parameter, value) -> {
                Object given = parameter.checked(value);
                if (given != null) {
                    checked.put(parameter, given);
                }
            });
        }
        values = Collections.unmodifiableMap(checked);
    }

    /** Terms with these models and no value given. */
    public static KeyTerms of(List<String> models) {
        return new KeyTerms(models, Map.of());
    }

    /** The value of one parameter; null when not given. */
    public Object get(KeyParameter parameter) {
        return values.get(parameter);
    }

    /** These terms with one value replaced (null removes it). */
    public KeyTerms with(KeyParameter parameter, Object value) {
        EnumMap<KeyParameter, Object> changed = new EnumMap<>(KeyParameter.class);
        changed.putAll(values);
        changed.put(parameter, value);
        return new KeyTerms(models, changed);
    }

    /** These terms with other models. */
    public KeyTerms withModels(List<String> newModels) {
        return new KeyTerms(newModels, values);
    }

    /** True when both terms give the same: the same models and the same value for every parameter. */
    public boolean sameAs(KeyTerms other) {
        return models.equals(other.models) && KeyParameter.ALL.stream()
                .allMatch(parameter -> parameter.same(get(parameter), other.get(parameter)));
    }

    public BigDecimal maxBudget() {
        return (BigDecimal) get(KeyParameter.MAX_BUDGET);
    }

    public String budgetDuration() {
        return (String) get(KeyParameter.BUDGET_DURATION);
    }

    public String duration() {
        return (String) get(KeyParameter.DURATION);
    }

    public Integer rpmLimit() {
        return (Integer) get(KeyParameter.RPM_LIMIT);
    }

    public Integer tpmLimit() {
        return (Integer) get(KeyParameter.TPM_LIMIT);
    }

    public Integer maxParallelRequests() {
        return (Integer) get(KeyParameter.MAX_PARALLEL_REQUESTS);
    }
}
