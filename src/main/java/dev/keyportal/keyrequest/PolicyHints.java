package dev.keyportal.keyrequest;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.Band;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.Policy.Limit;

/**
 * The line beside each form field: the default, the auto-approve ceiling and the hard bound that apply, by form
 * field name. What a field means is a message ({@link KeyParameter#hintKey()}); this adds the policy's numbers.
 */
final class PolicyHints {

    private PolicyHints() {
    }

    static Map<String, String> of(Policy policy) {
        Map<String, String> hints = new LinkedHashMap<>();
        hints.put(KeyParameter.MODELS, (policy.defaultModels().isEmpty() ? "Choose at least one."
                : "Default " + String.join(", ", policy.defaultModels()) + ".")
                + (policy.approvalModels().isEmpty() ? " All are auto-approved."
                        : " Needs approval: " + String.join(", ", policy.approvalModels()) + "."));
        for (KeyParameter parameter : KeyParameter.ALL) {
            hints.put(parameter.field(), numbers(parameter, policy));
        }
        hints.put("key_alias", "Yours to choose, shown in the portal. At most " + policy.maxKeysPerPerson()
                + " keys per person.");
        return hints;
    }

    /** "Default … · auto-approved up to … · at most …", in the words that fit the parameter's direction. */
    private static String numbers(KeyParameter parameter, Policy policy) {
        Limit<?> limit = policy.limit(parameter);
        String line = "Default " + parameter.show(limit.defaultValue())
                + (parameter.shorterIsMore() ? " · auto-approved when at least " : " · auto-approved up to ")
                + parameter.show(limit.ceiling())
                + (parameter.shorterIsMore() ? " · never shorter than " : " · at most ")
                + parameter.show(limit.bound());
        return switch (parameter) {
            case MAX_BUDGET -> line + " · all your keys together at most "
                    + parameter.show(policy.maxTotalBudgetPerPerson()) + ".";
            case DURATION -> line + (policy.requireExpiry() ? " · every key must expire." : ".");
            default -> line + ".";
        };
    }

    /**
     * Ceiling and bound of each field as data for the form's script, which tells live which band a value falls
     * in. {@code kind} says how values compare: more is more ({@code max}), a longer life is more
     * ({@code lifetime}), or a shorter reset period is more ({@code period}).
     */
    static Map<String, BandLimits> limits(Policy policy) {
        Map<String, BandLimits> limits = new LinkedHashMap<>();
        for (KeyParameter parameter : KeyParameter.ALL) {
            Limit<?> limit = policy.limit(parameter);
            String kind = switch (parameter.kind()) {
                case MONEY, COUNT -> "max";
                case LIFETIME -> "lifetime";
                case RESET_PERIOD -> "period";
            };
            limits.put(parameter.field(), new BandLimits(kind, parameter.plain(limit.ceiling()),
                    parameter.plain(limit.bound())));
        }
        return limits;
    }

    /** Data for the live band beside a field: how values compare, the ceiling and the bound (empty for none). */
    record BandLimits(String kind, String ceiling, String bound) {
    }

    /** For each model or access group on offer: whether choosing it needs approval under this policy. */
    static Map<String, Boolean> modelsNeedingApproval(Policy policy, ModelCatalog catalog) {
        Map<String, Boolean> needs = new LinkedHashMap<>();
        catalog.models().forEach(model -> needs.put(model.name(),
                policy.modelBand(model.name(), catalog) == Band.NEEDS_APPROVAL));
        catalog.accessGroups().forEach(group -> needs.put(group,
                policy.modelBand(group, catalog) == Band.NEEDS_APPROVAL));
        return needs;
    }
}
