package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
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
        Limit<BigDecimal> maxBudget, Limit<String> budgetDuration, Limit<String> duration, Limit<Integer> rpmLimit,
        Limit<Integer> tpmLimit, Limit<Integer> maxParallelRequests, int maxKeysPerPerson,
        BigDecimal maxTotalBudgetPerPerson, boolean requireExpiry) {

    /** The admin form's field names, in the order the form shows them. */
    public static final List<String> FIELDS = List.of("default_models", "approval_models", "forbidden_models",
            "default_max_budget", "ceiling_max_budget", "bound_max_budget", "default_budget_duration",
            "ceiling_budget_duration", "bound_budget_duration", "default_duration", "ceiling_duration",
            "bound_duration", "default_rpm_limit", "ceiling_rpm_limit", "bound_rpm_limit", "default_tpm_limit",
            "ceiling_tpm_limit", "bound_tpm_limit", "default_max_parallel_requests",
            "ceiling_max_parallel_requests", "bound_max_parallel_requests", "max_keys_per_person",
            "max_total_budget_per_person", "require_expiry");

    public PolicyValues {
        defaultModels = names(defaultModels);
        approvalModels = names(approvalModels);
        forbiddenModels = names(forbiddenModels);
        maxBudget = maxBudget == null ? new Limit<>(null, null, null)
                : new Limit<>(amount(maxBudget.defaultValue()), amount(maxBudget.ceiling()), amount(maxBudget.bound()));
        budgetDuration = periods(budgetDuration);
        duration = periods(duration);
        rpmLimit = rpmLimit == null ? new Limit<>(null, null, null) : rpmLimit;
        tpmLimit = tpmLimit == null ? new Limit<>(null, null, null) : tpmLimit;
        maxParallelRequests = maxParallelRequests == null ? new Limit<>(null, null, null) : maxParallelRequests;
        maxTotalBudgetPerPerson = amount(maxTotalBudgetPerPerson);
    }

    /** The values of a policy as it stands. */
    public static PolicyValues of(Policy policy) {
        return new PolicyValues(policy.defaultModels(), policy.approvalModels(), policy.forbiddenModels(),
                policy.maxBudget(), policy.budgetDuration(), policy.duration(), policy.rpmLimit(), policy.tpmLimit(),
                policy.maxParallelRequests(), policy.maxKeysPerPerson(), policy.maxTotalBudgetPerPerson(),
                policy.requireExpiry());
    }

    /** A policy with these values, as it would be judged once saved. */
    public Policy toPolicy(UUID id, String team, int version) {
        return new Policy(id, team, version, defaultModels, approvalModels, forbiddenModels, maxBudget,
                budgetDuration, duration, rpmLimit, tpmLimit, maxParallelRequests, maxKeysPerPerson,
                maxTotalBudgetPerPerson, requireExpiry);
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
        limit(map, "max_budget", maxBudget);
        limit(map, "budget_duration", budgetDuration);
        limit(map, "duration", duration);
        limit(map, "rpm_limit", rpmLimit);
        limit(map, "tpm_limit", tpmLimit);
        limit(map, "max_parallel_requests", maxParallelRequests);
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

    private static void limit(Map<String, Object> map, String parameter, Limit<?> limit) {
        map.put("default_" + parameter, limit.defaultValue());
        map.put("ceiling_" + parameter, limit.ceiling());
        map.put("bound_" + parameter, limit.bound());
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

    private static BigDecimal amount(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 2 ? plain.setScale(2) : plain;
    }

    private static Limit<String> periods(Limit<String> limit) {
        return limit == null ? new Limit<>(null, null, null)
                : new Limit<>(period(limit.defaultValue()), period(limit.ceiling()), period(limit.bound()));
    }

    private static String period(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
