package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.keyportal.policy.Policy.Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes a policy coherent, checked without a database: the admin form's messages by field name. */
class PolicyRulesTests {

    @Test
    void theSeededPolicyIsCoherent() {
        assertThat(PolicyRules.problems(PolicyValues.of(PolicyJudgementTests.policy(List.of(), List.of())), null))
                .isEmpty();
    }

    @Test
    void aDefaultAboveTheCeilingOrACeilingAboveTheBoundIsNamedBesideItsField() {
        Map<String, String> problems = PolicyRules.problems(with(KeyParameter.RPM_LIMIT, new Limit<>(700, 600, 500)),
                null);

        assertThat(problems).containsKey("default_rpm_limit").containsKey("ceiling_rpm_limit");
        assertThat(problems.get("ceiling_rpm_limit")).contains("above the hard bound (500)");
    }

    @Test
    void resetPeriodsRunTheOtherWay() {
        assertThat(PolicyRules.problems(with(KeyParameter.BUDGET_DURATION, new Limit<>("30d", "7d", "1d")), null))
                .isEmpty();
        assertThat(PolicyRules.problems(with(KeyParameter.BUDGET_DURATION, new Limit<>("1d", "7d", "1d")), null))
                .containsKey("default_budget_duration");
        assertThat(PolicyRules.problems(with(KeyParameter.BUDGET_DURATION, new Limit<>("30d", "1d", "7d")), null)
                .get("ceiling_budget_duration")).contains("shorter than the hard minimum");
    }

    @Test
    void amountsAndLifetimesAreCheckedInTheirOwnTerms() {
        assertThat(PolicyRules.problems(with(KeyParameter.MAX_BUDGET,
                new Limit<>(new BigDecimal("10.005"), new BigDecimal("25"), new BigDecimal("500"))), null))
                .containsEntry("default_max_budget", "Use at most two decimals, for example 25.50.");
        assertThat(PolicyRules.problems(with(KeyParameter.DURATION, new Limit<>("90d", "ninety", "365d")), null))
                .containsKey("ceiling_duration");
    }

    @Test
    void everyParameterHasItsThreeFieldsInTheForm() {
        for (KeyParameter parameter : KeyParameter.ALL) {
            assertThat(PolicyValues.FIELDS).contains("default_" + parameter.field(), "ceiling_" + parameter.field(),
                    "bound_" + parameter.field());
        }
    }

    private static PolicyValues with(KeyParameter parameter, Limit<?> limit) {
        PolicyValues seeded = PolicyValues.of(PolicyJudgementTests.policy(List.of(), List.of()));
        Map<KeyParameter, Limit<?>> limits = new EnumMap<>(seeded.limits());
        limits.put(parameter, limit);
        return new PolicyValues(seeded.defaultModels(), seeded.approvalModels(), seeded.forbiddenModels(), limits,
                seeded.maxKeysPerPerson(), seeded.maxTotalBudgetPerPerson(), seeded.requireExpiry());
    }
}
