package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.keyportal.policy.Policy;
import dev.keyportal.policy.Policy.Limit;

/** The line beside each form field: the default, the auto-approve ceiling and the hard bound that apply. */
final class PolicyHints {

    private PolicyHints() {
    }

    static Map<String, String> of(Policy policy) {
        Map<String, String> hints = new LinkedHashMap<>();
        hints.put("models", (policy.defaultModels().isEmpty() ? "Choose at least one."
                : "Default " + String.join(", ", policy.defaultModels()) + ".")
                + (policy.approvalModels().isEmpty() ? " All are auto-approved."
                        : " Needs approval: " + String.join(", ", policy.approvalModels()) + "."));
        hints.put("maxBudget", "Default " + money(policy.maxBudget().defaultValue()) + " · auto-approved up to "
                + money(policy.maxBudget().ceiling()) + " · at most " + money(policy.maxBudget().bound())
                + " · all your keys together at most " + money(policy.maxTotalBudgetPerPerson()) + ".");
        Limit<String> reset = policy.budgetDuration();
        hints.put("budgetDuration", "How often spend resets to zero. Default " + orNone(reset.defaultValue())
                + " · auto-approved when at least " + orNone(reset.ceiling()) + " · never shorter than "
                + orNone(reset.bound()) + ".");
        Limit<String> lifetime = policy.duration();
        hints.put("duration", "How long the key lives. Default " + orNone(lifetime.defaultValue())
                + " · auto-approved up to " + orNone(lifetime.ceiling()) + " · at most " + orNone(lifetime.bound())
                + (policy.requireExpiry() ? " · every key must expire." : "."));
        hints.put("rpmLimit", numbers("Requests per minute.", policy.rpmLimit()));
        hints.put("tpmLimit", numbers("Tokens per minute.", policy.tpmLimit()));
        hints.put("maxParallelRequests", numbers("Requests in flight at once.", policy.maxParallelRequests()));
        hints.put("keyAlias", "Yours to choose, shown in the portal. At most " + policy.maxKeysPerPerson()
                + " keys per person.");
        hints.put("purpose", "What the key is for. Approvers and admins read this.");
        return hints;
    }

    private static String numbers(String what, Limit<Integer> limit) {
        return what + " Default " + orNone(limit.defaultValue()) + " · auto-approved up to " + orNone(limit.ceiling())
                + " · at most " + orNone(limit.bound()) + ".";
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "none" : NumberFormat.getCurrencyInstance(Locale.US).format(amount);
    }

    private static String orNone(Object value) {
        return value == null ? "none" : value.toString();
    }
}
