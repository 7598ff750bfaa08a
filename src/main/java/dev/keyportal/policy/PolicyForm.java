package dev.keyportal.policy;

import java.math.BigDecimal;
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

import org.springframework.web.bind.annotation.BindParam;

/**
 * The policy editor's form: for each LiteLLM parameter {@code default_…}, {@code ceiling_…} and {@code bound_…},
 * the three model lists, the per-person caps, and {@code version}, the optimistic-locking version the form was
 * based on. Checks each field on its own; how the fields fit together is {@link PolicyRules}' job.
 */
record PolicyForm(
        @BindParam("version") @NotNull(message = "{policy.version.missing}") Long version,
        @BindParam("default_models") @Size(max = 100, message = "{policy.models.size}")
        List<@Pattern(regexp = MODEL, message = "{policy.models.pattern}") String> defaultModels,
        @BindParam("approval_models") @Size(max = 100, message = "{policy.models.size}")
        List<@Pattern(regexp = MODEL, message = "{policy.models.pattern}") String> approvalModels,
        @BindParam("forbidden_models") @Size(max = 100, message = "{policy.models.size}")
        List<@Pattern(regexp = MODEL, message = "{policy.models.pattern}") String> forbiddenModels,
        @BindParam("default_max_budget") @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0.01", message = "{policy.budget.default.min}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal defaultMaxBudget,
        @BindParam("ceiling_max_budget") @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0", message = "{policy.amount.negative}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal ceilingMaxBudget,
        @BindParam("bound_max_budget") @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0", message = "{policy.amount.negative}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal boundMaxBudget,
        @BindParam("default_budget_duration") @Size(max = 16, message = "{policy.period.size}") String defaultBudgetDuration,
        @BindParam("ceiling_budget_duration") @Size(max = 16, message = "{policy.period.size}") String ceilingBudgetDuration,
        @BindParam("bound_budget_duration") @Size(max = 16, message = "{policy.period.size}") String boundBudgetDuration,
        @BindParam("default_duration") @NotBlank(message = "{policy.lifetime.required}")
        @Size(max = 16, message = "{policy.period.size}") String defaultDuration,
        @BindParam("ceiling_duration") @NotBlank(message = "{policy.lifetime.required}")
        @Size(max = 16, message = "{policy.period.size}") String ceilingDuration,
        @BindParam("bound_duration") @NotBlank(message = "{policy.lifetime.required}")
        @Size(max = 16, message = "{policy.period.size}") String boundDuration,
        @BindParam("default_rpm_limit") @Min(value = 1, message = "{policy.limit.default.min}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer defaultRpmLimit,
        @BindParam("ceiling_rpm_limit") @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer ceilingRpmLimit,
        @BindParam("bound_rpm_limit") @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer boundRpmLimit,
        @BindParam("default_tpm_limit") @Min(value = 1, message = "{policy.limit.default.min}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer defaultTpmLimit,
        @BindParam("ceiling_tpm_limit") @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer ceilingTpmLimit,
        @BindParam("bound_tpm_limit") @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer boundTpmLimit,
        @BindParam("default_max_parallel_requests") @Min(value = 1, message = "{policy.limit.default.min}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer defaultMaxParallelRequests,
        @BindParam("ceiling_max_parallel_requests") @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer ceilingMaxParallelRequests,
        @BindParam("bound_max_parallel_requests") @Min(value = 0, message = "{policy.limit.negative}")
        @Max(value = PolicyRules.MAX_LIMIT, message = "{policy.limit.max}") Integer boundMaxParallelRequests,
        @BindParam("max_keys_per_person") @NotNull(message = "{policy.keys.required}")
        @Min(value = 1, message = "{policy.keys.min}")
        @Max(value = PolicyRules.MAX_KEYS, message = "{policy.keys.max}") Integer maxKeysPerPerson,
        @BindParam("max_total_budget_per_person") @NotNull(message = "{policy.amount.required}")
        @DecimalMin(value = "0.01", message = "{policy.total.min}")
        @DecimalMax(value = "1000000000", message = "{policy.amount.max}")
        @Digits(integer = 10, fraction = 2, message = "{policy.amount.digits}") BigDecimal maxTotalBudgetPerPerson,
        @BindParam("require_expiry") Boolean requireExpiry) {

    static final String MODEL = "[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}";

    /** The Java name of each component by form field name, to put binding errors beside the right field. */
    static final Map<String, String> FIELD_OF_COMPONENT = Map.ofEntries(
            Map.entry("version", "version"),
            Map.entry("defaultModels", "default_models"),
            Map.entry("approvalModels", "approval_models"),
            Map.entry("forbiddenModels", "forbidden_models"),
            Map.entry("defaultMaxBudget", "default_max_budget"),
            Map.entry("ceilingMaxBudget", "ceiling_max_budget"),
            Map.entry("boundMaxBudget", "bound_max_budget"),
            Map.entry("defaultBudgetDuration", "default_budget_duration"),
            Map.entry("ceilingBudgetDuration", "ceiling_budget_duration"),
            Map.entry("boundBudgetDuration", "bound_budget_duration"),
            Map.entry("defaultDuration", "default_duration"),
            Map.entry("ceilingDuration", "ceiling_duration"),
            Map.entry("boundDuration", "bound_duration"),
            Map.entry("defaultRpmLimit", "default_rpm_limit"),
            Map.entry("ceilingRpmLimit", "ceiling_rpm_limit"),
            Map.entry("boundRpmLimit", "bound_rpm_limit"),
            Map.entry("defaultTpmLimit", "default_tpm_limit"),
            Map.entry("ceilingTpmLimit", "ceiling_tpm_limit"),
            Map.entry("boundTpmLimit", "bound_tpm_limit"),
            Map.entry("defaultMaxParallelRequests", "default_max_parallel_requests"),
            Map.entry("ceilingMaxParallelRequests", "ceiling_max_parallel_requests"),
            Map.entry("boundMaxParallelRequests", "bound_max_parallel_requests"),
            Map.entry("maxKeysPerPerson", "max_keys_per_person"),
            Map.entry("maxTotalBudgetPerPerson", "max_total_budget_per_person"),
            Map.entry("requireExpiry", "require_expiry"));

    PolicyForm {
        defaultModels = defaultModels == null ? List.of() : defaultModels;
        approvalModels = approvalModels == null ? List.of() : approvalModels;
        forbiddenModels = forbiddenModels == null ? List.of() : forbiddenModels;
    }

    PolicyValues values() {
        return new PolicyValues(defaultModels, approvalModels, forbiddenModels,
                new Limit<>(defaultMaxBudget, ceilingMaxBudget, boundMaxBudget),
                new Limit<>(defaultBudgetDuration, ceilingBudgetDuration, boundBudgetDuration),
                new Limit<>(defaultDuration, ceilingDuration, boundDuration),
                new Limit<>(defaultRpmLimit, ceilingRpmLimit, boundRpmLimit),
                new Limit<>(defaultTpmLimit, ceilingTpmLimit, boundTpmLimit),
                new Limit<>(defaultMaxParallelRequests, ceilingMaxParallelRequests, boundMaxParallelRequests),
                maxKeysPerPerson == null ? 0 : maxKeysPerPerson, maxTotalBudgetPerPerson,
                Boolean.TRUE.equals(requireExpiry));
    }
}
