package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.keyportal.policy.Policy.Limit;


/**
 * The policy editor's form: for each LiteLLM parameter {@code default_…}, {@code ceiling_…} and {@code bound_…},
 * the three model lists, the per-person caps, and {@code version}, the optimistic-locking version the form was
 * based on. Checks each field on its own; how the fields fit together is {@link PolicyRules}' job.
 */
record PolicyForm(
        @NotNull(message = "{policy.version.missing}") Long version,
        @Size(max = 100, message = "{policy.models.size}")
        List<@Pattern(regexp = MODEL, message = "{policy.models.pattern}") String> default_models,
        @Size(max = 100, message = "{policy.models.size}")
        List<@Pattern(regexp = MODEL, message = "{policy.models.pattern}") String> approval_models,
        @Size(max = 100, message = "{policy.models.size}")
        List<@Pattern(regexp = MODEL, message = "{policy.models.pattern}") String> forbidden_models,
        @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0.01", message = "{policy.budget.default.min}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal default_max_budget,
        @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0", message = "{policy.amount.negative}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal ceiling_max_budget,
        @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0", message = "{policy.amount.negative}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal bound_max_budget,
        @Size(max = 16, message = "{policy.period.size}") String default_budget_duration,
        @Size(max = 16, message = "{policy.period.size}") String ceiling_budget_duration,
        @Size(max = 16, message = "{policy.period.size}") String bound_budget_duration,
        @NotBlank(message = "{policy.lifetime.required}")
        @Size(max = 16, message = "{policy.period.size}") String default_duration,
        @NotBlank(message = "{policy.lifetime.required}")
        @Size(max = 16, message = "{policy.period.size}") String ceiling_duration,
        @NotBlank(message = "{policy.lifetime.required}")
        @Size(max = 16, message = "{policy.period.size}") String bound_duration,
        @Min(value = 1, message = "{policy.limit.default.min}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer default_rpm_limit,
        @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer ceiling_rpm_limit,
        @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer bound_rpm_limit,
        @Min(value = 1, message = "{policy.limit.default.min}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer default_tpm_limit,
        @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer ceiling_tpm_limit,
        @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer bound_tpm_limit,
        @Min(value = 1, message = "{policy.limit.default.min}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer default_max_parallel_requests,
        @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer ceiling_max_parallel_requests,
        @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer bound_max_parallel_requests,
        @NotNull(message = "{policy.keys.required}")
        @Min(value = 1, message = "{policy.keys.min}")
        @Max(value = PolicyRules.MAX_KEYS, message = "{policy.keys.max}") Integer max_keys_per_person,
        @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0.01", message = "{policy.total.min}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal max_total_budget_per_person,
        Boolean require_expiry) {

    static final String MODEL = "[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}";

    PolicyForm {
        default_models = default_models == null ? List.of() : default_models;
        approval_models = approval_models == null ? List.of() : approval_models;
        forbidden_models = forbidden_models == null ? List.of() : forbidden_models;
    }

    /** The form as it opens: the policy's values, based on its current version. */
    static PolicyForm of(PolicyValues values, long version) {
        return new PolicyForm(version, values.defaultModels(), values.approvalModels(), values.forbiddenModels(),
                (BigDecimal) get(values, "default_max_budget"), (BigDecimal) get(values, "ceiling_max_budget"),
                (BigDecimal) get(values, "bound_max_budget"), (String) get(values, "default_budget_duration"),
                (String) get(values, "ceiling_budget_duration"), (String) get(values, "bound_budget_duration"),
                (String) get(values, "default_duration"), (String) get(values, "ceiling_duration"),
                (String) get(values, "bound_duration"), (Integer) get(values, "default_rpm_limit"),
                (Integer) get(values, "ceiling_rpm_limit"), (Integer) get(values, "bound_rpm_limit"),
                (Integer) get(values, "default_tpm_limit"), (Integer) get(values, "ceiling_tpm_limit"),
                (Integer) get(values, "bound_tpm_limit"), (Integer) get(values, "default_max_parallel_requests"),
                (Integer) get(values, "ceiling_max_parallel_requests"),
                (Integer) get(values, "bound_max_parallel_requests"), values.maxKeysPerPerson(),
                values.maxTotalBudgetPerPerson(), values.requireExpiry());
    }

    /** The three model lists by field name. */
    Map<String, List<String>> selected() {
        return Map.of("default_models", default_models, "approval_models", approval_models, "forbidden_models",
                forbidden_models);
    }

    private static Object get(PolicyValues values, String field) {
        return values.asMap().get(field);
    }

    PolicyValues values() {
        Map<KeyParameter, Limit<?>> limits = new EnumMap<>(KeyParameter.class);
        limits.put(KeyParameter.MAX_BUDGET, new Limit<>(default_max_budget, ceiling_max_budget, bound_max_budget));
        limits.put(KeyParameter.BUDGET_DURATION, new Limit<>(default_budget_duration, ceiling_budget_duration,
                bound_budget_duration));
        limits.put(KeyParameter.DURATION, new Limit<>(default_duration, ceiling_duration, bound_duration));
        limits.put(KeyParameter.RPM_LIMIT, new Limit<>(default_rpm_limit, ceiling_rpm_limit, bound_rpm_limit));
        limits.put(KeyParameter.TPM_LIMIT, new Limit<>(default_tpm_limit, ceiling_tpm_limit, bound_tpm_limit));
        limits.put(KeyParameter.MAX_PARALLEL_REQUESTS, new Limit<>(default_max_parallel_requests,
                ceiling_max_parallel_requests, bound_max_parallel_requests));
        return new PolicyValues(default_models, approval_models, forbidden_models, limits,
                max_keys_per_person == null ? 0 : max_keys_per_person, max_total_budget_per_person,
                Boolean.TRUE.equals(require_expiry));
    }
}
