package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.litellm.ModelOffer;
import dev.keyportal.policy.Policy.Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a policy judges a request, field by field, without a database or a proxy. */
class PolicyJudgementTests {

    private static final ModelCatalog CATALOG = new ModelCatalog(List.of(
            new ModelOffer("gpt-4o-mini", List.of(), null, null),
            new ModelOffer("gpt-4o", List.of("premium-models"), null, null),
            new ModelOffer("claude-opus", List.of("premium-models"), null, null)));

    private static final PersonUsage NOTHING_YET = new PersonUsage(0, BigDecimal.ZERO);

    private final Policy policy = policy(List.of("premium-models"), List.of());

    @Test
    void aRequestThatKeepsTheDefaultsIsAutoApprovedWithTheDefaultsFilledIn() {
        PolicyVerdict verdict = policy.judge(KeyTerms.of(List.of()), CATALOG, NOTHING_YET);

        assertThat(verdict.band()).isEqualTo(Band.AUTO_APPROVE);
        assertThat(verdict.terms().models()).containsExactly("gpt-4o-mini");
        assertThat(verdict.terms().maxBudget()).isEqualByComparingTo("10");
        assertThat(verdict.terms().get(KeyParameter.BUDGET_DURATION)).isEqualTo("30d");
        assertThat(verdict.terms().get(KeyParameter.RPM_LIMIT)).isEqualTo(60);
    }

    @Test
    void aValueAboveTheCeilingNeedsApprovalAndSaysWhy() {
        PolicyVerdict verdict = policy.judge(ask(KeyParameter.MAX_BUDGET, new BigDecimal("50")), CATALOG,
                NOTHING_YET);

        assertThat(verdict.band()).isEqualTo(Band.NEEDS_APPROVAL);
        assertThat(verdict.approvalReasons()).containsEntry("max_budget", "Above $25.00 needs approval.");
    }

    @Test
    void aValueAboveTheBoundIsRefusedInTheParametersOwnUnit() {
        assertThat(policy.judge(ask(KeyParameter.RPM_LIMIT, 7000), CATALOG, NOTHING_YET).refusals())
                .containsEntry("rpm_limit", "At most 6000 requests per minute.");
        assertThat(policy.judge(ask(KeyParameter.MAX_BUDGET, new BigDecimal("600")), CATALOG, NOTHING_YET)
                .refusals()).containsEntry("max_budget", "At most $500.00.");
        assertThat(policy.judge(ask(KeyParameter.DURATION, "400d"), CATALOG, NOTHING_YET).refusals())
                .containsEntry("duration", "At most 365d.");
    }

    @Test
    void aShorterResetPeriodIsMoreMoneySoItsCeilingAndBoundAreMinimums() {
        assertThat(policy.judge(ask(KeyParameter.BUDGET_DURATION, "1mo"), CATALOG, NOTHING_YET).band())
                .isEqualTo(Band.AUTO_APPROVE);
        assertThat(policy.judge(ask(KeyParameter.BUDGET_DURATION, "3d"), CATALOG, NOTHING_YET).approvalReasons())
                .containsEntry("budget_duration", "Resetting more often than every 7d needs approval.");
        assertThat(policy.judge(ask(KeyParameter.BUDGET_DURATION, "12h"), CATALOG, NOTHING_YET).refusals())
                .containsEntry("budget_duration", "The budget may reset at most every 1d.");
        assertThat(policy.judge(ask(KeyParameter.BUDGET_DURATION, "2mo"), CATALOG, NOTHING_YET).refusals())
                .containsEntry("budget_duration", "LiteLLM resets budgets at most monthly (1mo).");
    }

    @Test
    void unreadableDurationsAndNonPositiveNumbersAreRefused() {
        assertThat(policy.judge(ask(KeyParameter.DURATION, "ninety"), CATALOG, NOTHING_YET).refusals())
                .containsKey("duration");
        assertThat(policy.judge(ask(KeyParameter.TPM_LIMIT, 0), CATALOG, NOTHING_YET).refusals())
                .containsEntry("tpm_limit", "Enter at least 1.");
        assertThat(policy.judge(ask(KeyParameter.MAX_BUDGET, BigDecimal.ZERO), CATALOG, NOTHING_YET).refusals())
                .containsEntry("max_budget", "The budget must be more than $0.");
    }

    @Test
    void aModelNeedsApprovalThroughItsAccessGroupAndAForbiddenGroupRefusesItsModels() {
        assertThat(policy.judge(KeyTerms.of(List.of("gpt-4o")), CATALOG, NOTHING_YET).approvalReasons())
                .containsEntry("models", "gpt-4o needs approval.");
        Policy forbidding = policy(List.of(), List.of("premium-models"));
        assertThat(forbidding.judge(KeyTerms.of(List.of("claude-opus")), CATALOG, NOTHING_YET).refusals())
                .containsEntry("models", "'claude-opus' is not available through the portal.");
        assertThat(policy.judge(KeyTerms.of(List.of("no-such")), CATALOG, NOTHING_YET).band())
                .isEqualTo(Band.REFUSED);
    }

    @Test
    void askingForAnAccessGroupIsJudgedByEveryModelInIt() {
        Policy approvingByName = policy(List.of("gpt-4o"), List.of());
        assertThat(approvingByName.judge(KeyTerms.of(List.of("premium-models")), CATALOG, NOTHING_YET)
                .approvalReasons()).containsEntry("models", "premium-models (includes gpt-4o) needs approval.");
        assertThat(approvingByName.judge(KeyTerms.of(List.of("claude-opus")), CATALOG, NOTHING_YET).band())
                .isEqualTo(Band.AUTO_APPROVE);

        Policy forbiddingByName = policy(List.of(), List.of("gpt-4o"));
        assertThat(forbiddingByName.judge(KeyTerms.of(List.of("premium-models")), CATALOG, NOTHING_YET).refusals())
                .containsEntry("models", "'premium-models' (includes gpt-4o) is not available through the portal.");
        assertThat(forbiddingByName.judge(KeyTerms.of(List.of("gpt-4o-mini", "claude-opus")), CATALOG, NOTHING_YET)
                .band()).isEqualTo(Band.AUTO_APPROVE);
    }

    @Test
    void anAccessGroupIsJudgedByTheOtherGroupsItsModelsBelongTo() {
        ModelCatalog overlapping = new ModelCatalog(List.of(
                new ModelOffer("gpt-4o-mini", List.of("everyday"), null, null),
                new ModelOffer("gpt-4o", List.of("everyday", "premium-models"), null, null)));

        assertThat(policy.judge(KeyTerms.of(List.of("everyday")), overlapping, NOTHING_YET).approvalReasons())
                .containsEntry("models", "everyday (shares models with premium-models) needs approval.");
    }

    @Test
    void theFormMarksEachChoiceAsTheRequestWouldBeJudged() {
        Policy approvingByName = policy(List.of("gpt-4o"), List.of());
        assertThat(approvingByName.modelBand("premium-models", CATALOG)).isEqualTo(Band.NEEDS_APPROVAL);
        assertThat(approvingByName.modelBand("gpt-4o", CATALOG)).isEqualTo(Band.NEEDS_APPROVAL);
        assertThat(approvingByName.modelBand("claude-opus", CATALOG)).isEqualTo(Band.AUTO_APPROVE);
        assertThat(policy.modelBand("gpt-4o", CATALOG)).isEqualTo(Band.NEEDS_APPROVAL);
        assertThat(policy(List.of(), List.of("gpt-4o")).modelBand("premium-models", CATALOG)).isEqualTo(Band.REFUSED);
    }

    @Test
    void aDefaultAccessGroupMustNotReachAModelThatNeedsApprovalOrIsForbidden() {
        PolicyValues approving = PolicyValues.of(policy(List.of("gpt-4o"), List.of()));
        PolicyValues groupByDefault = new PolicyValues(List.of("premium-models"), approving.approvalModels(),
                approving.forbiddenModels(), approving.limits(), 10, new BigDecimal("1000"), true);
        assertThat(PolicyRules.problems(groupByDefault, CATALOG).get("default_models"))
                .contains("Needs approval: premium-models (includes gpt-4o)");

        PolicyValues forbiddenInGroup = new PolicyValues(List.of("premium-models"), List.of(), List.of("claude-opus"),
                approving.limits(), 10, new BigDecimal("1000"), true);
        assertThat(PolicyRules.problems(forbiddenInGroup, CATALOG).get("default_models"))
                .contains("can't be both a default and forbidden: premium-models (includes claude-opus)");
    }

    @Test
    void thePersonsCapsCountWhatTheyAlreadyHold() {
        PolicyVerdict overTotal = policy.judge(ask(KeyParameter.MAX_BUDGET, new BigDecimal("20")), CATALOG,
                new PersonUsage(3, new BigDecimal("990")));
        assertThat(overTotal.refusals()).containsEntry("max_budget",
                "Your keys' budgets would total $1,010.00, over your limit of $1,000.00.");
        PolicyVerdict tooMany = policy.judge(KeyTerms.of(List.of()), CATALOG, new PersonUsage(10, BigDecimal.ZERO));
        assertThat(tooMany.refusals()).containsKey("key_alias");
    }

    @Test
    void everyKeyMustExpireWhenThePolicySaysSo() {
        Policy withoutDefaultLifetime = new PolicyValues(List.of("gpt-4o-mini"), List.of(), List.of(),
                Map.of(KeyParameter.MAX_BUDGET, new Limit<>(new BigDecimal("10"), null, null)), 10,
                new BigDecimal("1000"), true).toPolicy(UUID.randomUUID(), null, 1);

        assertThat(withoutDefaultLifetime.judge(KeyTerms.of(List.of()), CATALOG, NOTHING_YET).refusals())
                .containsEntry("duration", "Every key must expire: enter a lifetime such as 90d.");
    }

    @Test
    void aCountWithABoundMustBeGivenWhenThereIsNoDefault() {
        Policy noDefaultRate = new PolicyValues(List.of("gpt-4o-mini"), List.of(), List.of(),
                Map.of(KeyParameter.MAX_BUDGET, new Limit<>(new BigDecimal("10"), null, null),
                        KeyParameter.RPM_LIMIT, new Limit<>(null, 600, 6000)), 10, new BigDecimal("1000"), false)
                .toPolicy(UUID.randomUUID(), null, 1);

        assertThat(noDefaultRate.judge(KeyTerms.of(List.of()), CATALOG, NOTHING_YET).refusals())
                .containsEntry("rpm_limit", "Enter a limit of at most 6000.");
    }

    private static KeyTerms ask(KeyParameter parameter, Object value) {
        return KeyTerms.of(List.of()).with(parameter, value);
    }

    /** The seeded global policy: $10 / $25 / $500, resets 30d / 7d / 1d, lifetime 90d / 90d / 365d, … */
    static Policy policy(List<String> approval, List<String> forbidden) {
        Map<KeyParameter, Limit<?>> limits = new EnumMap<>(KeyParameter.class);
        limits.put(KeyParameter.MAX_BUDGET, new Limit<>(new BigDecimal("10"), new BigDecimal("25"),
                new BigDecimal("500")));
        limits.put(KeyParameter.BUDGET_DURATION, new Limit<>("30d", "7d", "1d"));
        limits.put(KeyParameter.DURATION, new Limit<>("90d", "90d", "365d"));
        limits.put(KeyParameter.RPM_LIMIT, new Limit<>(60, 600, 6000));
        limits.put(KeyParameter.TPM_LIMIT, new Limit<>(100_000, 1_000_000, 10_000_000));
        limits.put(KeyParameter.MAX_PARALLEL_REQUESTS, new Limit<>(5, 20, 100));
        return new PolicyValues(List.of("gpt-4o-mini"), approval, forbidden, limits, 10, new BigDecimal("1000"), true)
                .toPolicy(UUID.randomUUID(), null, 1);
    }
}
