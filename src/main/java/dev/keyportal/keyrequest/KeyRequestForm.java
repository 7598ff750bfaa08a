package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.keyportal.policy.KeyTerms;

import org.springframework.web.bind.annotation.BindParam;

/**
 * The request form. Field names are LiteLLM's ({@code key_alias}, {@code max_budget}, …) plus {@code purpose}
 * and {@code submission_id}, the form's own idempotency token. Nothing else in a request is ever bound.
 */
public record KeyRequestForm(
        @BindParam("key_alias") @NotBlank(message = "{keyrequest.alias.blank}") @Size(max = 64, message = "{keyrequest.alias.size}")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]*", message = "{keyrequest.alias.pattern}") String keyAlias,
        @BindParam("models") @Size(max = 20, message = "{keyrequest.models.size}")
        List<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}", message = "{keyrequest.models.pattern}") String> models,
        @BindParam("max_budget") @KeyBudget BigDecimal maxBudget,
        @BindParam("budget_duration") @Size(max = 16, message = "{keyrequest.period.size}") String budgetDuration,
        @BindParam("duration") @Size(max = 16, message = "{keyrequest.period.size}") String duration,
        @BindParam("rpm_limit") @KeyLimit Integer rpmLimit,
        @BindParam("tpm_limit") @KeyLimit Integer tpmLimit,
        @BindParam("max_parallel_requests") @KeyLimit Integer maxParallelRequests,
        @BindParam("purpose") @NotBlank(message = "{keyrequest.purpose.blank}") @Size(max = 500, message = "{keyrequest.purpose.size}")
        @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*", message = "{keyrequest.purpose.pattern}") String purpose,
        @BindParam("submission_id") @NotNull(message = "{keyrequest.submission.missing}") UUID submissionId) {

    public KeyRequestForm {
        keyAlias = keyAlias == null ? null : keyAlias.trim();
        purpose = purpose == null ? null : purpose.trim();
        models = models == null ? List.of() : models.stream().filter(m -> m != null && !m.isBlank()).map(String::trim).toList();
    }

    /** An empty form for a new request, with its own submission id. */
    static KeyRequestForm blank() {
        return new KeyRequestForm("", List.of(), null, null, null, null, null, null, "", UUID.randomUUID());
    }

    KeyTerms terms() {
        return new KeyTerms(models, maxBudget, budgetDuration, duration, rpmLimit, tpmLimit, maxParallelRequests);
    }
}
