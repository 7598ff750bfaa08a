package dev.keyportal.policy;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
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
 * {@code forbiddenModels} are refused, everything else the proxy offers is auto-approved. A rule applies to every
 * name that reaches a listed name: a model through its access groups, and an access group through its models
 * (so asking for a group is judged as asking for each of its models).
 */
public record Policy(UUID id, String team, int version, List<String> defaultModels, List<String> approvalModels,
        List<String> forbiddenModels, Map<KeyParameter, Limit<?>> limits, int maxKeysPerPerson,
        BigDecimal maxTotalBudgetPerPerson, boolean requireExpiry) {

    /** Default, auto-approve ceiling and hard bound of one parameter; null where none is set. */
    public record Limit<T>(T defaultValue, T ceiling, T bound) {

        static final Limit<Object> NONE = new Limit<>(null, null, null);
    }

    public Policy {
        EnumMap<KeyParameter, Limit<?>> complete = new EnumMap<>(KeyParameter.class);
        for (KeyParameter parameter : KeyParameter.ALL) {
            Limit<?> limit = limits == null ? null : limits.get(parameter);
            complete.put(parameter, limit == null ? Limit.NONE : new Limit<>(parameter.checked(limit.defaultValue()),
                    parameter.checked(limit.ceiling()), parameter.checked(limit.bound())));
        }
        limits = Collections.unmodifiableMap(complete);
    }

    /** The default, ceiling and bound of one parameter. */
    public Limit<?> limit(KeyParameter parameter) {
        return limits.get(parameter);
    }

    /** "default · ceiling · bound" of the parameter with this form field name, as a person reads them. */
    public String shown(String field) {
        KeyParameter parameter = KeyParameter.byField(field).orElseThrow();
        Limit<?> limit = limit(parameter);
        return parameter.show(limit.defaultValue()) + " · " + parameter.show(limit.ceiling()) + " · "
                + parameter.show(limit.bound());
    }

    /** Fills what the request leaves empty with the defaults. */
    public KeyTerms withDefaults(KeyTerms terms) {
        Map<KeyParameter, Object> values = new EnumMap<>(KeyParameter.class);
        for (KeyParameter parameter : KeyParameter.ALL) {
            Object given = terms.get(parameter);
            values.put(parameter, given != null ? given : limit(parameter).defaultValue());
        }
        return new KeyTerms(terms.models().isEmpty() ? defaultModels : terms.models(), values);
    }

    /**
     * Judges a request (defaults applied first) against this policy, the models the proxy offers and what the
     * person already holds. Verdicts are keyed by the request form's field names.
     */
    public PolicyVerdict judge(KeyTerms requested, ModelCatalog catalog, PersonUsage usage) {
        KeyTerms terms = withDefaults(requested);
        Map<String, FieldVerdict> fields = new LinkedHashMap<>();
        fields.put(KeyParameter.MODELS, judgeModels(terms.models(), catalog));
        for (KeyParameter parameter : KeyParameter.ALL) {
            fields.put(parameter.field(), judge(parameter, terms.get(parameter), usage));
        }
        if (usage.liveKeys() >= maxKeysPerPerson) {
            fields.put("key_alias", refused("You already have " + usage.liveKeys() + " keys or open requests; the"
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
            Optional<String> forbidden = firstListed(model, catalog, forbiddenModels);
            if (forbidden.isPresent()) {
                return refused("'" + model + "'" + includes(model, forbidden.get(), catalog)
                        + " is not available through the portal.");
            }
            firstListed(model, catalog, approvalModels)
                    .ifPresent(listed -> needApproval.add(model + includes(model, listed, catalog)));
        }
        return needApproval.isEmpty() ? auto()
                : new FieldVerdict(Band.NEEDS_APPROVAL, String.join(", ", needApproval) + " needs approval.");
    }

    /**
     * How choosing this one model or access group alone is judged: refused when it reaches a forbidden name, needs
     * approval when it reaches a name that needs approval, otherwise auto-approved.
     */
    public Band modelBand(String model, ModelCatalog catalog) {
        if (!catalog.offers(model) || firstListed(model, catalog, forbiddenModels).isPresent()) {
            return Band.REFUSED;
        }
        return firstListed(model, catalog, approvalModels).isPresent() ? Band.NEEDS_APPROVAL : Band.AUTO_APPROVE;
    }

    /**
     * The first name in {@code listed} that a key naming {@code model} would reach: the name itself, an access
     * group it belongs to, or, for an access group, one of its models (or another group of those models).
     */
    static Optional<String> firstListed(String model, ModelCatalog catalog, List<String> listed) {
        Set<String> reached = catalog == null ? Set.of(model) : catalog.reachedBy(model);
        return reached.stream().filter(listed::contains).findFirst();
    }

    /**
     * For an access group, how it reaches a listed name: " (includes gpt-4o)" for one of its models, " (shares
     * models with premium-models)" for another group; nothing otherwise.
     */
    static String includes(String model, String listed, ModelCatalog catalog) {
        if (catalog == null || !catalog.isAccessGroup(model) || listed.equals(model)) {
            return "";
        }
        return catalog.modelsIn(model).contains(listed) ? " (includes " + listed + ")"
                : " (shares models with " + listed + ")";
    }

    /** One parameter's value against its bound and ceiling; the rules that differ by kind come first. */
    private FieldVerdict judge(KeyParameter parameter, Object value, PersonUsage usage) {
        Limit<?> limit = limit(parameter);
        Optional<FieldVerdict> own = switch (parameter.kind()) {
            case MONEY -> budget((BigDecimal) value);
            case COUNT -> count(parameter, (Integer) value);
            case LIFETIME -> lifetime((String) value);
            case RESET_PERIOD -> resetPeriod((String) value);
        };
        if (own.isPresent()) {
            return own.get();
        }
        if (value == null) {
            return auto();
        }
        if (parameter.givesMore(value, limit.bound())) {
            return refused(switch (parameter.kind()) {
                case RESET_PERIOD -> "The budget may reset at most every " + limit.bound() + ".";
                default -> "At most " + parameter.inWords(limit.bound()) + ".";
            });
        }
        if (parameter == KeyParameter.MAX_BUDGET) {
            BigDecimal total = usage.totalBudget().add((BigDecimal) value);
            if (total.compareTo(maxTotalBudgetPerPerson) > 0) {
                return refused("Your keys' budgets would total " + money(total) + ", over your limit of "
                        + money(maxTotalBudgetPerPerson) + ".");
            }
        }
        if (parameter.givesMore(value, limit.ceiling())) {
            return new FieldVerdict(Band.NEEDS_APPROVAL, switch (parameter.kind()) {
                case LIFETIME -> "Longer than " + limit.ceiling() + " needs approval.";
                case RESET_PERIOD -> "Resetting more often than every " + limit.ceiling() + " needs approval.";
                default -> "Above " + parameter.inWords(limit.ceiling()) + " needs approval.";
            });
        }
        return auto();
    }

    private static Optional<FieldVerdict> budget(BigDecimal budget) {
        if (budget == null) {
            return Optional.of(refused("Enter a budget."));
        }
        if (budget.signum() <= 0) {
            return Optional.of(refused("The budget must be more than $0."));
        }
        return Optional.empty();
    }

    private Optional<FieldVerdict> count(KeyParameter parameter, Integer value) {
        Object bound = limit(parameter).bound();
        if (value == null && bound != null) {
            return Optional.of(refused("Enter a limit of at most " + bound + "."));
        }
        if (value != null && value <= 0) {
            return Optional.of(refused("Enter at least 1."));
        }
        return Optional.empty();
    }

    private Optional<FieldVerdict> lifetime(String value) {
        if (value == null) {
            return requireExpiry ? Optional.of(refused("Every key must expire: enter a lifetime such as 90d."))
                    : Optional.empty();
        }
        if (DurationSpec.parse(value).isEmpty()) {
            return Optional.of(refused(DurationSpec.wordAsLifetime(value)
                    .orElse("Use a lifetime such as 30d, 12w or 3mo.")));
        }
        return Optional.empty();
    }

    private static Optional<FieldVerdict> resetPeriod(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<DurationSpec> period = DurationSpec.parse(value);
        if (period.isEmpty()) {
            return Optional.of(refused(DurationSpec.wordAsResetPeriod(value)
                    .orElse("Use a period such as 1d, 7d, 30d or 1mo.")));
        }
        if (period.get().unit().equals("mo") && period.get().amount() > 1) {
            return Optional.of(refused("LiteLLM resets budgets at most monthly (1mo)."));
        }
        return Optional.empty();
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

}
