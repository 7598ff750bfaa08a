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
        hints.put("rpmLimit", numbers("", policy.rpmLimit()));
        hints.put("tpmLimit", numbers("", policy.tpmLimit()));
        hints.put("maxParallelRequests", numbers("Requests in flight at once.", policy.maxParallelRequests()));
        hints.put("keyAlias", "Yours to choose, shown in the portal. At most " + policy.maxKeysPerPerson()
                + " keys per person.");
        hints.put("purpose", "What the key is for. Approvers and admins read this.");
        return hints;
    }

    /**
     * Ceiling and bound of each field as data for the form's script, which tells live which band a value falls
     * in. {@code kind} says how values compare: more is more ({@code max}), or a shorter reset period is more
     * ({@code period}).
     */
    static Map<String, BandLimits> limits(Policy policy) {
        Map<String, BandLimits> limits = new LinkedHashMap<>();
        limits.put("maxBudget", new BandLimits("max", plain(policy.maxBudget().ceiling()),
                plain(policy.maxBudget().bound())));
        limits.put("budgetDuration", new BandLimits("period", policy.budgetDuration().ceiling(),
                policy.budgetDuration().bound()));
        limits.put("duration", new BandLimits("lifetime", policy.duration().ceiling(), policy.duration().bound()));
        limits.put("rpmLimit", new BandLimits("max", text(policy.rpmLimit().ceiling()),
                text(policy.rpmLimit().bound())));
        limits.put("tpmLimit", new BandLimits("max", text(policy.tpmLimit().ceiling()),
                text(policy.tpmLimit().bound())));
        limits.put("maxParallelRequests", new BandLimits("max", text(policy.maxParallelRequests().ceiling()),
                text(policy.maxParallelRequests().bound())));
        return limits;
    }

    /** Data for the live band beside a field: how values compare, the ceiling and the bound (empty for none). */
    record BandLimits(String kind, String ceiling, String bound) {
    }

    /** For each model or access group on offer: whether choosing it needs approval under this policy. */
    static Map<String, Boolean> modelsNeedingApproval(Policy policy, dev.keyportal.litellm.ModelCatalog catalog) {
        Map<String, Boolean> needs = new LinkedHashMap<>();
        catalog.models().forEach(model -> needs.put(model.name(), policy.approvalModels().contains(model.name())
                || model.accessGroups().stream().anyMatch(policy.approvalModels()::contains)));
        catalog.accessGroups().forEach(group -> needs.put(group, policy.approvalModels().contains(group)));
        return needs;
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "" : amount.toPlainString();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String numbers(String what, Limit<Integer> limit) {
        return (what.isEmpty() ? "" : what + " ") + "Default " + grouped(limit.defaultValue())
                + " · auto-approved up to " + grouped(limit.ceiling()) + " · at most " + grouped(limit.bound()) + ".";
    }

    private static String grouped(Integer value) {
        return value == null ? "none" : NumberFormat.getIntegerInstance(Locale.US).format(value);
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "none" : NumberFormat.getCurrencyInstance(Locale.US).format(amount);
    }

    private static String orNone(Object value) {
        return value == null ? "none" : value.toString();
    }
}
