package dev.keyportal.policy;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.PolicyVerdict.FieldVerdict;

/**
 * The policy that applies to a person: per parameter a default, an auto-approve ceiling and a hard bound.
 * For {@code budget_duration} a shorter reset period means more money, so its ceiling and bound are minimums.
 * Models: names in {@code approvalModels} (model names or access groups) need approval, names in
 * {@code forbiddenModels} are refused, everything else the proxy offers is auto-approved.
 */
public record Policy(UUID id, String team, int version, List<String> defaultModels, List<String> approvalModels,
        List<String> forbiddenModels, Limit<BigDecimal> maxBudget, Limit<String> budgetDuration,
        Limit<String> duration, Limit<Integer> rpmLimit, Limit<Integer> tpmLimit, Limit<Integer> maxParallelRequests,
        int maxKeysPerPerson, BigDecimal maxTotalBudgetPerPerson, boolean requireExpiry) {

    /** Default, auto-approve ceiling and hard bound of one parameter; null where none is set. */
    public record Limit<T>(T defaultValue, T ceiling, T bound) {
    }

    /** Fills what the request leaves empty with the defaults. */
    public KeyTerms withDefaults(KeyTerms terms) {
        return new KeyTerms(terms.models().isEmpty() ? defaultModels : terms.models(),
                or(terms.maxBudget(), maxBudget.defaultValue()),
                or(blankToNull(terms.budgetDuration()), budgetDuration.defaultValue()),
                or(blankToNull(terms.duration()), duration.defaultValue()),
                or(terms.rpmLimit(), rpmLimit.defaultValue()), or(terms.tpmLimit(), tpmLimit.defaultValue()),
                or(terms.maxParallelRequests(), maxParallelRequests.defaultValue()));
    }

    /**
     * Judges a request (defaults applied first) against this policy, the models the proxy offers and what the
     * person already holds.
     */
    public PolicyVerdict judge(KeyTerms requested, ModelCatalog catalog, PersonUsage usage) {
        KeyTerms terms = withDefaults(requested);
        Map<String, FieldVerdict> fields = new LinkedHashMap<>();
        fields.put("models", judgeModels(terms.models(), catalog));
        fields.put("maxBudget", judgeBudget(terms.maxBudget(), usage));
        fields.put("budgetDuration", judgeResetPeriod(terms.budgetDuration()));
        fields.put("duration", judgeLifetime(terms.duration()));
        fields.put("rpmLimit", judgeAtMost(terms.rpmLimit(), rpmLimit, "requests per minute"));
        fields.put("tpmLimit", judgeAtMost(terms.tpmLimit(), tpmLimit, "tokens per minute"));
        fields.put("maxParallelRequests", judgeAtMost(terms.maxParallelRequests(), maxParallelRequests,
                "parallel requests"));
        if (usage.liveKeys() >= maxKeysPerPerson) {
            fields.put("keyAlias", refused("You already have " + usage.liveKeys() + " keys or open requests; the"
                    + " limit is " + maxKeysPerPerson + ". Revoke a key you no longer use first."));
        }
        Band band = Band.AUTO_APPROVE;
        for (FieldVerdict verdict : fields.values()) {
            band = band.worst(verdict.band());
        }
        return new PolicyVerdict(terms, fields, band);
    }

    private FieldVerdict judgeModels(List<String> models, ModelCatalog catalog) {
        if (models.isEmpty()) {
            return refused("Choose at least one model.");
        }
        Set<String> seen = new HashSet<>();
        List<String> needApproval = new ArrayList<>();
        for (String model : models) {
            if (!seen.add(model)) {
                return refused("'" + model + "' is listed twice.");
            }
            if (!catalog.offers(model)) {
                return refused("The proxy offers no model or access group called '" + model + "'.");
            }
            Set<String> names = new HashSet<>(catalog.groupsOf(model));
            names.add(model);
            if (names.stream().anyMatch(forbiddenModels::contains)) {
                return refused("'" + model + "' is not available through the portal.");
            }
            if (names.stream().anyMatch(approvalModels::contains)) {
                needApproval.add(model);
            }
        }
        return needApproval.isEmpty() ? auto()
                : new FieldVerdict(Band.NEEDS_APPROVAL, String.join(", ", needApproval) + " needs approval.");
    }

    private FieldVerdict judgeBudget(BigDecimal budget, PersonUsage usage) {
        if (budget == null) {
            return refused("Enter a budget.");
        }
        if (budget.signum() <= 0) {
            return refused("The budget must be more than $0.");
        }
        if (maxBudget.bound() != null && budget.compareTo(maxBudget.bound()) > 0) {
            return refused("At most " + money(maxBudget.bound()) + ".");
        }
        BigDecimal total = usage.totalBudget().add(budget);
        if (total.compareTo(maxTotalBudgetPerPerson) > 0) {
            return refused("Your keys' budgets would total " + money(total) + ", over your limit of "
                    + money(maxTotalBudgetPerPerson) + ".");
        }
        if (maxBudget.ceiling() != null && budget.compareTo(maxBudget.ceiling()) > 0) {
            return new FieldVerdict(Band.NEEDS_APPROVAL, "Above " + money(maxBudget.ceiling()) + " needs approval.");
        }
        return auto();
    }

    private FieldVerdict judgeResetPeriod(String value) {
        if (value == null) {
            return auto();
        }
        Optional<DurationSpec> period = DurationSpec.parse(value);
        if (period.isEmpty()) {
            return refused("Use a period such as 1d, 7d, 30d or 1mo.");
        }
        if (period.get().unit().equals("mo") && period.get().amount() > 1) {
            return refused("LiteLLM resets budgets at most monthly (1mo).");
        }
        Optional<DurationSpec> bound = DurationSpec.parse(budgetDuration.bound());
        if (bound.isPresent() && period.get().compareTo(bound.get()) < 0) {
            return refused("The budget may reset at most every " + bound.get() + ".");
        }
        Optional<DurationSpec> ceiling = DurationSpec.parse(budgetDuration.ceiling());
        if (ceiling.isPresent() && period.get().compareTo(ceiling.get()) < 0) {
            return new FieldVerdict(Band.NEEDS_APPROVAL, "Resetting more often than every " + ceiling.get()
                    + " needs approval.");
        }
        return auto();
    }

    private FieldVerdict judgeLifetime(String value) {
        if (value == null) {
            return requireExpiry ? refused("Every key must expire: enter a lifetime such as 90d.") : auto();
        }
        Optional<DurationSpec> lifetime = DurationSpec.parse(value);
        if (lifetime.isEmpty()) {
            return refused("Use a lifetime such as 30d, 12w or 3mo.");
        }
        Optional<DurationSpec> bound = DurationSpec.parse(duration.bound());
        if (bound.isPresent() && lifetime.get().compareTo(bound.get()) > 0) {
            return refused("At most " + bound.get() + ".");
        }
        Optional<DurationSpec> ceiling = DurationSpec.parse(duration.ceiling());
        if (ceiling.isPresent() && lifetime.get().compareTo(ceiling.get()) > 0) {
            return new FieldVerdict(Band.NEEDS_APPROVAL, "Longer than " + ceiling.get() + " needs approval.");
        }
        return auto();
    }

    private static FieldVerdict judgeAtMost(Integer value, Limit<Integer> limit, String what) {
        if (value == null) {
            return limit.bound() == null ? auto() : refused("Enter a limit of at most " + limit.bound() + ".");
        }
        if (value <= 0) {
            return refused("Enter at least 1.");
        }
        if (limit.bound() != null && value > limit.bound()) {
            return refused("At most " + limit.bound() + " " + what + ".");
        }
        if (limit.ceiling() != null && value > limit.ceiling()) {
            return new FieldVerdict(Band.NEEDS_APPROVAL, "Above " + limit.ceiling() + " " + what
                    + " needs approval.");
        }
        return auto();
    }

    static String money(BigDecimal amount) {
        return NumberFormat.getCurrencyInstance(Locale.US).format(amount);
    }

    private static FieldVerdict auto() {
        return new FieldVerdict(Band.AUTO_APPROVE, null);
    }

    private static FieldVerdict refused(String message) {
        return new FieldVerdict(Band.REFUSED, message);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
