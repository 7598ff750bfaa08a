package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.keyportal.policy.KeyTerms;

import org.springframework.web.bind.annotation.BindParam;

/**
 * An approver's decision: optional lower values under the request form's field names (empty keeps what was
 * asked) and a reason. Values can only go down, never above what was asked or above the hard bound.
 */
public record ApprovalForm(
        @BindParam("models") @Size(max = 20, message = "{keyrequest.models.size}")
        List<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}", message = "{keyrequest.models.pattern}") String> models,
        @BindParam("max_budget") @KeyBudget BigDecimal maxBudget,
        @BindParam("budget_duration") @Size(max = 16, message = "{keyrequest.period.size}") String budgetDuration,
        @BindParam("duration") @Size(max = 16, message = "{keyrequest.period.size}") String duration,
        @BindParam("rpm_limit") @KeyLimit Integer rpmLimit,
        @BindParam("tpm_limit") @KeyLimit Integer tpmLimit,
        @BindParam("max_parallel_requests") @KeyLimit Integer maxParallelRequests,
        @BindParam("reason") @Size(max = 1000, message = "{approval.reason.size}")
        @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*", message = "{keyrequest.purpose.pattern}") String reason) {

    public ApprovalForm {
        models = models == null ? List.of() : models.stream().filter(m -> m != null && !m.isBlank()).map(String::trim).toList();
        reason = reason == null ? null : reason.trim();
        budgetDuration = blankToNull(budgetDuration);
        duration = blankToNull(duration);
    }

    /** The granted terms: what the approver entered, and what was asked wherever they left a field empty. */
    KeyTerms grantedFrom(KeyTerms asked) {
        return new KeyTerms(models.isEmpty() ? asked.models() : models,
                maxBudget != null ? maxBudget : asked.maxBudget(),
                budgetDuration != null ? budgetDuration : asked.budgetDuration(),
                duration != null ? duration : asked.duration(),
                rpmLimit != null ? rpmLimit : asked.rpmLimit(), tpmLimit != null ? tpmLimit : asked.tpmLimit(),
                maxParallelRequests != null ? maxParallelRequests : asked.maxParallelRequests());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
