package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.BindParam;

/** Asking for a bigger budget on a key: the new {@code max_budget}, why, and the form's idempotency token. */
public record BudgetForm(
        @BindParam("max_budget") @NotNull(message = "{budget.new.missing}") @KeyBudget BigDecimal maxBudget,
        @BindParam("purpose") @NotBlank(message = "{budget.purpose.blank}") @Size(max = 500, message = "{keyrequest.purpose.size}")
        @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*", message = "{keyrequest.purpose.pattern}") String purpose,
        @BindParam("submission_id") @NotNull(message = "{keyrequest.submission.missing}") UUID submissionId) {

    public BudgetForm {
        purpose = purpose == null ? null : purpose.trim();
    }
}
