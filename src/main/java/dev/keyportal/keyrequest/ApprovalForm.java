package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.keyportal.audit.FreeText;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;

/**
 * An approver's decision: optional lower values under the request form's field names (empty keeps what was
 * asked) and a reason. Values can only go down, never above what was asked or above the hard bound.
 */
public record ApprovalForm(
        @Size(max = 20, message = "{keyrequest.models.size}")
        List<@Pattern(regexp = KeyRequestForm.MODEL_NAME, message = "{keyrequest.models.pattern}") String> models,
        @KeyBudget BigDecimal max_budget,
        @KeyPeriod String budget_duration,
        @KeyPeriod String duration,
        @KeyLimit Integer rpm_limit,
        @KeyLimit Integer tpm_limit,
        @KeyLimit Integer max_parallel_requests,
        @Size(max = 1000, message = "{approval.reason.size}")
        @FreeText(lineBreaks = true) String reason) {

    public ApprovalForm {
        models = models == null ? List.of() : models.stream().filter(m -> m != null && !m.isBlank()).map(String::trim).toList();
        reason = reason == null ? null : reason.trim();
    }

    /** An empty decision: every field keeps what was asked. */
    public static ApprovalForm keepAsked(KeyTerms asked) {
        return new ApprovalForm(asked.models(), null, null, null, null, null, null, null);
    }

    /** The granted terms: what the approver entered, and what was asked wherever they left a field empty. */
    KeyTerms grantedFrom(KeyTerms asked) {
        KeyTerms entered = new KeyTerms(List.of(), KeyRequestForm.limits(max_budget, budget_duration, duration,
                rpm_limit, tpm_limit, max_parallel_requests));
        KeyTerms granted = asked.withModels(models.isEmpty() ? asked.models() : models);
        for (KeyParameter parameter : KeyParameter.ALL) {
            Object value = entered.get(parameter);
            if (value != null) {
                granted = granted.with(parameter, value);
            }
        }
        return granted;
    }
}
