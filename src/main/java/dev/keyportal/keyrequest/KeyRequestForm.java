package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.keyportal.audit.FreeText;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policy;

/**
 * The request form. Its components are named as the form's fields, which are LiteLLM's parameter names
 * ({@code key_alias}, {@code max_budget}, …) plus {@code purpose} and {@code submission_id}, the form's own
 * idempotency token; so binding, {@code th:field} and error messages all use one name. Nothing else in a request
 * is ever bound.
 */
public record KeyRequestForm(
        @NotBlank(message = "{keyrequest.alias.blank}") @Size(max = 64, message = "{keyrequest.alias.size}")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]*", message = "{keyrequest.alias.pattern}")
        @FreeText String key_alias,
        @Size(max = 20, message = "{keyrequest.models.size}")
        List<@Pattern(regexp = MODEL_NAME, message = "{keyrequest.models.pattern}") String> models,
        @KeyBudget BigDecimal max_budget,
        @KeyPeriod String budget_duration,
        @KeyPeriod String duration,
        @KeyLimit Integer rpm_limit,
        @KeyLimit Integer tpm_limit,
        @KeyLimit Integer max_parallel_requests,
        @NotBlank(message = "{keyrequest.purpose.blank}") @Size(max = 500, message = "{keyrequest.purpose.size}")
        @FreeText(lineBreaks = true) String purpose,
        @NotNull(message = "{keyrequest.submission.missing}") UUID submission_id) {

    static final String MODEL_NAME = "[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}";

    public KeyRequestForm {
        key_alias = key_alias == null ? null : key_alias.trim();
        purpose = purpose == null ? null : purpose.trim();
        models = models == null ? List.of() : models.stream().filter(m -> m != null && !m.isBlank()).map(String::trim).toList();
    }

    /** A new form filled with the policy's defaults, with its own submission id. */
    static KeyRequestForm withDefaults(Policy policy) {
        KeyTerms defaults = policy.withDefaults(KeyTerms.of(policy.defaultModels()));
        return new KeyRequestForm("", defaults.models(), defaults.maxBudget(), defaults.budgetDuration(),
                defaults.duration(), defaults.rpmLimit(), defaults.tpmLimit(), defaults.maxParallelRequests(), "",
                UUID.randomUUID());
    }

    KeyTerms terms() {
        return new KeyTerms(models, limits(max_budget, budget_duration, duration, rpm_limit, tpm_limit,
                max_parallel_requests));
    }

    /** The limits a form's components give, by parameter: the one place forms name each parameter. */
    static Map<KeyParameter, Object> limits(BigDecimal maxBudget, String budgetDuration, String duration,
            Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests) {
        Map<KeyParameter, Object> values = new EnumMap<>(KeyParameter.class);
        values.put(KeyParameter.MAX_BUDGET, maxBudget);
        values.put(KeyParameter.BUDGET_DURATION, budgetDuration);
        values.put(KeyParameter.DURATION, duration);
        values.put(KeyParameter.RPM_LIMIT, rpmLimit);
        values.put(KeyParameter.TPM_LIMIT, tpmLimit);
        values.put(KeyParameter.MAX_PARALLEL_REQUESTS, maxParallelRequests);
        return values;
    }
}
