package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.keyportal.audit.FreeText;

/**
 * Asking for a bigger budget on a key: the new {@code max_budget}, why, and the form's idempotency token,
 * named as the form's fields.
 */
public record BudgetForm(
        @NotNull(message = "{budget.new.missing}") @KeyBudget BigDecimal max_budget,
        @NotBlank(message = "{budget.purpose.blank}") @Size(max = 500, message = "{keyrequest.purpose.size}")
        @FreeText String purpose,
        @NotNull(message = "{keyrequest.submission.missing}") UUID submission_id) {

    public BudgetForm {
        purpose = purpose == null ? null : purpose.trim();
    }

    /** An empty form for a key's page, with its own submission id. */
    static BudgetForm blank() {
        return new BudgetForm(null, "", UUID.randomUUID());
    }
}
