package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import dev.keyportal.policy.Policy.Limit;

/**
 * What an admin sets in a policy: per parameter the default, the auto-approve ceiling and the hard bound, the
 * model lists and the per-person caps. Normalised on construction (model lists sorted without duplicates, blank
 * durations as none, amounts with two decimals), so two equal settings are equal values.
 */
public record PolicyValues(List<String> defaultModels, List<String> approvalModels, List<String> forbiddenModels,
        Map<KeyParameter, Limit<?>> limits, int maxKeysPerPerson, BigDecimal maxTotalBudgetPerPerson,
        boolean requireExpiry) {

    /** The three settings of every parameter, as the admin form names them. */
    public enum Setting {
        DEFAULT("default_"), CEILING("ceiling_"), BOUND("bound_");

        private final String prefix;

        Setting(String prefix) {
            this.prefix = prefix;
        }

        /** The admin form's field name of this setting of a parameter, such as {@code ceiling_max_budget}. */
        public String field(KeyParameter parameter) {
            return prefix + parameter.field();
        }

        Object of(Limit<?> limit) {
            return switch (this) {
                case DEFAULT -> limit.defaultValue();
                case CEILING -> limit.ceiling();
                case BOUND -> limit.bound();
            };
        }
    }

    /** The model lists' field names. */
    public static final List<String> MODEL_LISTS = List.of("default_models", "approval_models", "forbidden_models");

    /** The admin form's field names, in the order the form shows them. */
    public static final List<String> FIELDS = fields();

    public PolicyValues {
        defaultModels = names(defaultModels);
        approvalModels = names(approvalModels);
        forbiddenModels = names(forbiddenModels);
        EnumMap<KeyParameter, Limit<?>> normalised = new EnumMap<>(KeyParameter.class);
        for (KeyParameter parameter : KeyParameter.ALL) {
            Limit<?> limit = limits == null ? null : limits.get(parameter);
            normalised.put(parameter, limit == null ? Limit.NONE : new Limit<>(normal(limit.defaultValue()),
                    normal(limit.ceiling()), normal(limit.bound())));
        }
        limits = java.util.Collections.unmodifiableMap(normalised);
        maxTotalBudgetPerPerson = amount(maxTotalBudgetPerPerson);
    }

    /** The values of a policy as it stands. */
    public static PolicyValues of(Policy policy) {
        return new PolicyValues(policy.defaultModels(), policy.approvalModels(), policy.forbiddenModels(),
                policy.limits(), policy.maxKeysPerPerson(), policy.maxTotalBudgetPerPerson(), policy.requireExpiry());
    }

    /** A policy with these values, as it would be judged once saved. */
    public Policy toPolicy(UUID id, String team, int version) {
        return new Policy(id, team, version, defaultModels, approvalModels, forbiddenModels, limits,
                maxKeysPerPerson, maxTotalBudgetPerPerson, requireExpiry);
    }

    public Limit<?> limit(KeyParameter parameter) {
        return limits.get(parameter);
    }

    /**
     * The values by form field name, for the audit trail and the version history: lists, plain amounts such as
     * {@code 25.00}, durations as text, none as null.
     */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("default_models", defaultModels);
        map.put("approval_models", approvalModels);
        map.put("forbidden_models", forbiddenModels);
        for (KeyParameter parameter : KeyParameter.ALL) {
            for (Setting setting : Setting.values()) {
                map.put(setting.field(parameter), setting.of(limit(parameter)));
            }
        }
        map.put("max_keys_per_person", maxKeysPerPerson);
        map.put("max_total_budget_per_person", maxTotalBudgetPerPerson);
        map.put("require_expiry", requireExpiry);
        return map;
    }

    /** The form fields whose value differs between these values and {@code other}, in form order. */
    public List<String> differencesFrom(PolicyValues other) {
        Map<String, Object> mine = asMap();
        Map<String, Object> theirs = other.asMap();
        List<String> different = new ArrayList<>();
        for (String field : FIELDS) {
            if (!Objects.equals(mine.get(field), theirs.get(field))) {
                different.add(field);
            }
        }
        return different;
    }

    private static List<String> fields() {
        List<String> fields = new ArrayList<>(MODEL_LISTS);
        for (KeyParameter parameter : KeyParameter.ALL) {
            for (Setting setting : Setting.values()) {
                fields.add(setting.field(parameter));
            }
        }
        fields.addAll(List.of("max_keys_per_person", "max_total_budget_per_person", "require_expiry"));
        return List.copyOf(fields);
    }

    private static List<String> names(List<String> names) {
        if (names == null) {
            return List.of();
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                sorted.add(name.trim());
            }
        }
        return List.copyOf(sorted);
    }

    private static Object normal(Object value) {
        if (value instanceof BigDecimal amount) {
            return amount(amount);
        }
        if (value instanceof String text) {
            return text.isBlank() ? null : text.trim();
        }
        return value;
    }

    private static BigDecimal amount(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 2 ? plain.setScale(2) : plain;
    }
}
