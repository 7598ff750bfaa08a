package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.keyportal.audit.FreeText;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.Policy.Limit;

/**
 * What makes a policy coherent, field by field, with messages an admin can act on (keyed by form field name).
 * Numbers: default ≤ auto-approve ceiling ≤ hard bound, none negative. {@code budget_duration} runs the other
 * way: a shorter reset period means more money, so its ceiling and bound are minimums (as {@link Policy} judges
 * them) and the order in length is bound ≤ ceiling ≤ default. Models must be on offer, and a default model must
 * be one a request gets without approval, judged as {@link Policy} judges models (an access group by its models).
 */
final class PolicyRules {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    static final int MAX_LIMIT = 1_000_000_000;
    static final int MAX_KEYS = 1000;
    static final int MAX_MODELS = 100;
    static final int MAX_TEAM_LENGTH = 128;

    private PolicyRules() {
    }

    /**
     * Every problem with these values; empty when they can be saved. With a {@code catalog} the models are checked
     * against what the proxy offers (and its access groups); without one only by name.
     */
    static Map<String, String> problems(PolicyValues values, ModelCatalog catalog) {
        Map<String, String> errors = new LinkedHashMap<>();
        models(errors, values, catalog);
        for (KeyParameter parameter : KeyParameter.ALL) {
            Limit<?> limit = values.limit(parameter);
            switch (parameter.kind()) {
                case MONEY -> amounts(errors, parameter.field(), typed(limit, BigDecimal.class));
                case COUNT -> limits(errors, parameter.field(), typed(limit, Integer.class), parameter.unit());
                case LIFETIME -> lifetimes(errors, parameter.field(), typed(limit, String.class));
                case RESET_PERIOD -> resetPeriods(errors, parameter.field(), typed(limit, String.class));
            }
        }
        if (values.maxKeysPerPerson() < 1) {
            errors.putIfAbsent("max_keys_per_person", "Allow at least 1 key per person.");
        } else if (values.maxKeysPerPerson() > MAX_KEYS) {
            errors.putIfAbsent("max_keys_per_person", "At most " + MAX_KEYS + " keys per person.");
        }
        BigDecimal total = values.maxTotalBudgetPerPerson();
        if (amountOk(errors, "max_total_budget_per_person", total)) {
            if (total.signum() == 0) {
                errors.put("max_total_budget_per_person", "Must be more than $0, or nobody could get a key.");
            } else if (defaultBudget(values) != null && total.compareTo(defaultBudget(values)) < 0) {
                errors.put("max_total_budget_per_person", "At least the default budget ("
                        + Policy.money(defaultBudget(values)) + "), or a person's first key with the"
                        + " default budget would be refused.");
            }
        }
        return errors;
    }

    private static BigDecimal defaultBudget(PolicyValues values) {
        return (BigDecimal) values.limit(KeyParameter.MAX_BUDGET).defaultValue();
    }

    private static <T> Limit<T> typed(Limit<?> limit, Class<T> type) {
        return new Limit<>(type.cast(limit.defaultValue()), type.cast(limit.ceiling()), type.cast(limit.bound()));
    }

    /** Problems with a team name for a new override, under {@code team}. */
    static Map<String, String> teamProblems(String team) {
        if (team == null || team.isBlank()) {
            return Map.of("team", "Enter the team's name as it appears in the team claim.");
        }
        if (team.length() > MAX_TEAM_LENGTH) {
            return Map.of("team", "Keep the team name to " + MAX_TEAM_LENGTH + " characters or fewer.");
        }
        return FreeText.Check.problem(team, false).map(problem -> Map.of("team", problem)).orElse(Map.of());
    }

    private static void amounts(Map<String, String> errors, String parameter, Limit<BigDecimal> limit) {
        boolean defaultOk = amountOk(errors, "default_" + parameter, limit.defaultValue());
        boolean ceilingOk = amountOk(errors, "ceiling_" + parameter, limit.ceiling());
        boolean boundOk = amountOk(errors, "bound_" + parameter, limit.bound());
        if (defaultOk && limit.defaultValue().signum() == 0) {
            errors.put("default_" + parameter, "The default budget must be more than $0: a request that leaves"
                    + " the budget empty gets it.");
            defaultOk = false;
        }
        order(errors, parameter, defaultOk ? limit.defaultValue() : null, ceilingOk ? limit.ceiling() : null,
                boundOk ? limit.bound() : null, Policy::money);
    }

    /** True when the amount is present and well-formed; otherwise records why not. */
    private static boolean amountOk(Map<String, String> errors, String field, BigDecimal amount) {
        if (amount == null) {
            errors.putIfAbsent(field, "Enter an amount such as 25 or 25.50.");
        } else if (amount.signum() < 0) {
            errors.putIfAbsent(field, "No negative amounts.");
        } else if (amount.scale() > 2) {
            errors.putIfAbsent(field, "Use at most two decimals, for example 25.50.");
        } else if (amount.compareTo(MAX_AMOUNT) > 0) {
            errors.putIfAbsent(field, "That amount is far too large.");
        } else {
            return !errors.containsKey(field);
        }
        return false;
    }

    private static void limits(Map<String, String> errors, String parameter, Limit<Integer> limit, String what) {
        Integer defaultValue = limit.defaultValue();
        boolean defaultOk = defaultValue == null || defaultValue >= 1 && defaultValue <= MAX_LIMIT;
        if (!defaultOk) {
            errors.putIfAbsent("default_" + parameter, defaultValue < 1
                    ? "Enter at least 1, or leave it empty for none." : "That limit is far too large.");
        }
        boolean ceilingOk = countOk(errors, "ceiling_" + parameter, limit.ceiling());
        boolean boundOk = countOk(errors, "bound_" + parameter, limit.bound());
        if (defaultValue == null && limit.bound() != null) {
            errors.putIfAbsent("default_" + parameter, "Set a default: with a hard bound, a request that leaves"
                    + " the " + what + " empty would be refused.");
        }
        order(errors, parameter, defaultOk ? defaultValue : null, ceilingOk ? limit.ceiling() : null,
                boundOk ? limit.bound() : null, String::valueOf);
    }

    private static boolean countOk(Map<String, String> errors, String field, Integer value) {
        if (value == null) {
            return true;
        }
        if (value < 0) {
            errors.putIfAbsent(field, "No negative limits; leave it empty for none.");
            return false;
        }
        if (value > MAX_LIMIT) {
            errors.putIfAbsent(field, "That limit is far too large.");
            return false;
        }
        return true;
    }

    /** default ≤ ceiling ≤ bound, skipping what is not set (or already wrong). */
    private static <T extends Comparable<T>> void order(Map<String, String> errors, String parameter, T defaultValue,
            T ceiling, T bound, Function<T, String> show) {
        if (defaultValue != null && ceiling != null && defaultValue.compareTo(ceiling) > 0) {
            errors.putIfAbsent("default_" + parameter, "The default (" + show.apply(defaultValue) + ") is above the"
                    + " auto-approve ceiling (" + show.apply(ceiling) + "), so a request that keeps the default would"
                    + " wait for approval. Lower the default or raise the ceiling.");
        }
        if (ceiling != null && bound != null && ceiling.compareTo(bound) > 0) {
            errors.putIfAbsent("ceiling_" + parameter, "The auto-approve ceiling (" + show.apply(ceiling) + ") is"
                    + " above the hard bound (" + show.apply(bound) + "); nothing above the bound is ever allowed."
                    + " Lower the ceiling or raise the bound.");
        }
        if (ceiling == null && defaultValue != null && bound != null && defaultValue.compareTo(bound) > 0) {
            errors.putIfAbsent("default_" + parameter, "The default (" + show.apply(defaultValue) + ") is above the"
                    + " hard bound (" + show.apply(bound) + "), so a request that keeps the default would be refused.");
        }
    }

    private static void lifetimes(Map<String, String> errors, String parameter, Limit<String> limit) {
        DurationSpec defaultValue = lifetime(errors, "default_" + parameter, limit.defaultValue());
        DurationSpec ceiling = lifetime(errors, "ceiling_" + parameter, limit.ceiling());
        DurationSpec bound = lifetime(errors, "bound_" + parameter, limit.bound());
        order(errors, parameter, defaultValue, ceiling, bound, DurationSpec::toString);
    }

    private static DurationSpec lifetime(Map<String, String> errors, String field, String value) {
        if (value == null) {
            errors.putIfAbsent(field, "Enter a lifetime such as 90d.");
            return null;
        }
        Optional<DurationSpec> parsed = DurationSpec.parse(value);
        if (parsed.isEmpty()) {
            errors.putIfAbsent(field, DurationSpec.wordAsLifetime(value).orElse("Use a whole number and a unit (s,"
                    + " m, h, d, w or mo), such as 30d, 12w or 3mo."));
            return null;
        }
        return parsed.get();
    }

    /** Shorter reset periods mean more money: in length, bound ≤ ceiling ≤ default, each optional. */
    private static void resetPeriods(Map<String, String> errors, String parameter, Limit<String> limit) {
        DurationSpec defaultValue = resetPeriod(errors, "default_" + parameter, limit.defaultValue());
        DurationSpec ceiling = resetPeriod(errors, "ceiling_" + parameter, limit.ceiling());
        DurationSpec bound = resetPeriod(errors, "bound_" + parameter, limit.bound());
        if (defaultValue != null && ceiling != null && defaultValue.compareTo(ceiling) < 0) {
            errors.putIfAbsent("default_" + parameter, "A default reset every " + defaultValue + " is more"
                    + " often than auto-approve allows (every " + ceiling + " or longer), so a request that keeps"
                    + " the default would wait for approval. Lengthen the default or shorten the ceiling.");
        }
        if (ceiling != null && bound != null && ceiling.compareTo(bound) < 0) {
            errors.putIfAbsent("ceiling_" + parameter, "The auto-approve minimum (" + ceiling + ") is shorter"
                    + " than the hard minimum (" + bound + "); resets more often than every " + bound + " are always"
                    + " refused. Lengthen the ceiling or shorten the bound.");
        }
        if (ceiling == null && defaultValue != null && bound != null && defaultValue.compareTo(bound) < 0) {
            errors.putIfAbsent("default_" + parameter, "A default reset every " + defaultValue + " is more"
                    + " often than the hard minimum (" + bound + "), so a request that keeps the default would be"
                    + " refused.");
        }
    }

    private static DurationSpec resetPeriod(Map<String, String> errors, String field, String value) {
        if (value == null) {
            return null;
        }
        Optional<DurationSpec> parsed = DurationSpec.parse(value);
        if (parsed.isEmpty()) {
            errors.putIfAbsent(field, DurationSpec.wordAsResetPeriod(value).orElse("Use a period such as 1d, 7d,"
                    + " 30d or 1mo, or leave it empty for none."));
            return null;
        }
        if (parsed.get().unit().equals("mo") && parsed.get().amount() > 1) {
            errors.putIfAbsent(field, "LiteLLM resets budgets at most monthly: use 1mo or a shorter period such as"
                    + " 30d.");
            return null;
        }
        return parsed.get();
    }

    private static void models(Map<String, String> errors, PolicyValues values, ModelCatalog catalog) {
        checkOffered(errors, "default_models", values.defaultModels(), catalog);
        checkOffered(errors, "approval_models", values.approvalModels(), catalog);
        checkOffered(errors, "forbidden_models", values.forbiddenModels(), catalog);

        List<String> both = new ArrayList<>(values.approvalModels());
        both.retainAll(values.forbiddenModels());
        if (!both.isEmpty()) {
            errors.putIfAbsent("forbidden_models", quoted(both) + (both.size() == 1 ? " is" : " are") + " ticked"
                    + " both as needing approval and as forbidden. Choose one: forbidden means always refused.");
        }
        List<String> forbiddenDefaults = new ArrayList<>();
        List<String> approvalDefaults = new ArrayList<>();
        for (String model : values.defaultModels()) {
            Optional<String> forbidden = Policy.firstListed(model, catalog, values.forbiddenModels());
            Optional<String> approval = Policy.firstListed(model, catalog, values.approvalModels());
            if (forbidden.isPresent()) {
                forbiddenDefaults.add(model + via(model, forbidden.get(), catalog));
            } else if (approval.isPresent()) {
                approvalDefaults.add(model + via(model, approval.get(), catalog));
            }
        }
        if (!forbiddenDefaults.isEmpty()) {
            errors.putIfAbsent("default_models", "A model can't be both a default and forbidden: "
                    + String.join(", ", forbiddenDefaults) + ". A request that keeps the defaults would be refused.");
        } else if (!approvalDefaults.isEmpty()) {
            errors.putIfAbsent("default_models", "Default models must be ones a request gets without approval, or"
                    + " every request that keeps the defaults would wait for an approver. Needs approval: "
                    + String.join(", ", approvalDefaults) + ".");
        }
    }

    private static void checkOffered(Map<String, String> errors, String field, List<String> models,
            ModelCatalog catalog) {
        if (models.size() > MAX_MODELS) {
            errors.putIfAbsent(field, "Choose at most " + MAX_MODELS + ".");
            return;
        }
        if (catalog == null) {
            return;
        }
        List<String> unknown = models.stream().filter(model -> !catalog.offers(model)).toList();
        if (!unknown.isEmpty()) {
            errors.putIfAbsent(field, "The proxy offers no model or access group called " + quoted(unknown)
                    + ". Untick " + (unknown.size() == 1 ? "it" : "them") + ".");
        }
    }

    /** How a default reaches a listed name: through one of its access groups, or as a group that includes it. */
    private static String via(String model, String listed, ModelCatalog catalog) {
        if (listed.equals(model)) {
            return "";
        }
        String includes = Policy.includes(model, listed, catalog);
        return includes.isEmpty() ? " (through " + listed + ")" : includes;
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(name -> "'" + name + "'").toList());
    }
}
