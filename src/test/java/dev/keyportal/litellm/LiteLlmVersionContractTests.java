package dev.keyportal.litellm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.LiteLlmStandIn.Version;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviours the portal depends on where LiteLLM releases differ (docs/litellm-contract.md, "Compatibility"),
 * each run against the stand-in answering as 1.79/1.80 and as 1.83/1.84. One Spring context with the rest of the
 * full-stack tests; the version is switched per test and reset afterwards.
 */
class LiteLlmVersionContractTests extends FullStackTest {

    private static final BigDecimal USER_BUDGET = new BigDecimal("250.00");

    @Autowired
    LiteLlmGateway gateway;

    // ---------------------------------------------------------------- a key that is gone (401 on /key/*)

    @ParameterizedTest
    @EnumSource(Version.class)
    void aKeyDeletedInLiteLlmIsGoneNotARefusedMasterKey(Version version) {
        liteLlm.behaveAs(version);
        String hash = issuedKeyDeletedInLiteLlm(version);

        for (Runnable call : List.<Runnable>of(() -> gateway.setBlocked(hash, true),
                () -> gateway.setBlocked(hash, false), () -> gateway.updateBudget(hash, BigDecimal.TEN),
                () -> gateway.limitToModelRoutes(hash))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(LiteLlmException.class,
                    e -> assertThat(e.kind()).isEqualTo(LiteLlmException.Kind.NOT_FOUND));
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void blockingAKeyDeletedInLiteLlmTellsTheAdminAndRecordsItAsGone(Version version) {
        liteLlm.behaveAs(version);
        String person = uniquePerson("gone-" + version.name().toLowerCase());
        signedIn(person).post("/keys", form("deleted-there"));
        String id = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
        String hash = tokenHashesOf(person).get(0);
        deleteInLiteLlm(hash);

        Page page = signedIn("carol").post("/admin/keys/" + id + "/block", Map.of("reason", List.of("Leaked")));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("deleted-there", "does not exist in LiteLLM any more")
                .doesNotContain("refused the portal's credentials");
        assertThat(jdbc.queryForObject("select status from issued_key where id = ?::uuid", String.class, id))
                .isNotIn("ACTIVE", "BLOCKED");
        assertThat(jdbc.queryForList("select action from audit_event where subject_id = ? order by id", String.class,
                id)).doesNotContain("key.blocked");
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aRefusedMasterKeyIsStillReportedAsSuch(Version version) {
        liteLlm.behaveAs(version);
        String person = uniquePerson("refused");
        signedIn(person).post("/keys", form("still-there"));
        String hash = tokenHashesOf(person).get(0);
        liteLlm.failNext("/key/block", Fault.HTTP_401);
        liteLlm.failNext("/key/info", Fault.HTTP_401);

        assertThatThrownBy(() -> gateway.setBlocked(hash, true)).isInstanceOfSatisfying(LiteLlmException.class,
                e -> assertThat(e.kind()).isEqualTo(LiteLlmException.Kind.UNAUTHORIZED));
        assertThat(liteLlm.keyByHash(hash).orElseThrow().blocked()).isFalse();
    }

    // ---------------------------------------------------------------- /user/info and /user/new

    @ParameterizedTest
    @EnumSource(Version.class)
    void anUnknownUserIsCreatedWithTheBudgetWhateverUserInfoAnswers(Version version) {
        liteLlm.behaveAs(version);
        String userId = "contract-" + UUID.randomUUID();

        gateway.ensureUser(userId, userId + "@example.com", USER_BUDGET);

        Map<String, Object> user = liteLlm.user(userId).orElseThrow();
        assertThat(user).containsEntry("max_budget", 250.0).containsEntry("user_role", "internal_user_viewer");
        assertThat(gateway.userRole(userId)).contains("internal_user_viewer");
        assertThat(gateway.userRole("nobody-" + UUID.randomUUID())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aPersonsFirstKeyLeavesTheirLiteLlmUserWithABudget(Version version) {
        liteLlm.behaveAs(version);
        String person = uniquePerson("first-" + version.name().toLowerCase());

        signedIn(person).post("/keys", form("first"));

        assertThat(tokenHashesOf(person)).hasSize(1);
        String userId = litellmUserIdOf(person);
        assertThat(liteLlm.user(userId)).hasValueSatisfying(user -> assertThat(user.get("max_budget")).isNotNull());
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aUserCreatedMeanwhileByAParallelRequestIsFine(Version version) {
        liteLlm.behaveAs(version);
        String userId = "parallel-" + UUID.randomUUID();
        String email = userId + "@example.com";
        liteLlm.beforeNext("/user/new", () -> liteLlm.putUser(userId, email));

        gateway.ensureUser(userId, email, USER_BUDGET);

        assertThat(liteLlm.user(userId)).isPresent();
        assertThat(liteLlm.callCount("/user/new")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void anEmailThatBelongsToAnotherLiteLlmUserIsAClashNotSuccess(Version version) {
        liteLlm.behaveAs(version);
        String userId = "clash-" + UUID.randomUUID();
        String email = userId + "@example.com";
        liteLlm.putUser("someone-else-" + UUID.randomUUID(), email.toUpperCase());

        assertThatThrownBy(() -> gateway.ensureUser(userId, email, USER_BUDGET))
                .isInstanceOfSatisfying(UserEmailClashException.class, e -> {
                    assertThat(e.userId()).isEqualTo(userId);
                    assertThat(e.email()).isEqualTo(email);
                });
        assertThat(liteLlm.user(userId)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void anEmailClashStopsIssuingAndIsShownToThePersonAndTheAdmins(Version version) {
        liteLlm.behaveAs(version);
        String person = uniquePerson("clashing");
        liteLlm.putUser("made-in-litellm-" + UUID.randomUUID(), person + "@example.com");
        PortalClient browser = signedIn(person);
        long generates = liteLlm.callCount("/key/generate");

        Page page = browser.post("/keys", form("never-issued"));

        assertThat(page.text()).contains("LiteLLM already has a user with your e-mail address",
                "not something trying again fixes");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates);
        assertThat(requestStatus("never-issued", person)).isEqualTo("FAILED");
        assertThat(tokenHashesOf(person)).isEmpty();
        Page people = signedIn("carol").get("/admin/users");
        assertThat(people.text()).contains("LiteLLM e-mail clashes", person + "@example.com");
    }

    // ---------------------------------------------------------------- soft budget

    @ParameterizedTest
    @EnumSource(Version.class)
    void aSoftBudgetComesWithGenerateShowsInKeyInfoOnlyAndUpdateDropsIt(Version version) {
        liteLlm.behaveAs(version);
        String alias = "soft-wire-" + UUID.randomUUID();
        var generated = liteLlm.post("/key/generate", TestPortalConfiguration.MASTER_KEY,
                Map.of("key_alias", alias, "max_budget", 10, "soft_budget", 3));
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        String hash = liteLlm.keyByAlias(alias).orElseThrow().token();

        assertThat(gateway.keysWithAlias(alias)).singleElement()
                .satisfies(state -> assertThat(state.softBudget()).isNull());
        assertThat(gateway.softBudgetOf(hash)).isEqualByComparingTo("3");
        var updated = liteLlm.post("/key/update", TestPortalConfiguration.MASTER_KEY,
                Map.of("key", hash, "soft_budget", 9));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(gateway.softBudgetOf(hash)).isEqualByComparingTo("3");
        assertThat(gateway.softBudgetOf("0".repeat(64))).isNull();
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void anImportedKeysSoftBudgetIsKeptAndCarriedIntoItsRotation(Version version) {
        liteLlm.behaveAs(version);
        String person = uniquePerson("soft-rotate");
        PortalClient owner = signedIn(person);
        String alias = "soft-rotated-" + person;
        var generated = liteLlm.post("/key/generate", TestPortalConfiguration.MASTER_KEY, Map.of("user_id",
                person + "@example.com", "key_alias", alias, "models", List.of("gpt-4o-mini"), "max_budget", 10,
                "soft_budget", 2));
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        String hash = liteLlm.keyByAlias(alias).orElseThrow().token();
        String ownerId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        assertThat(signedIn("carol").post("/admin/import", Map.of("owner_id", List.of(ownerId), "token_hash",
                List.of(hash))).text()).contains("Adopted");
        String keyId = jdbc.queryForObject("select id::text from issued_key where token_hash = ?", String.class, hash);
        assertThat(jdbc.queryForObject("select soft_budget from issued_key where id = ?::uuid", BigDecimal.class,
                keyId)).isEqualByComparingTo("2");

        Page rotated = owner.post("/keys/" + keyId + "/rotate",
                Map.of("submission_id", List.of(UUID.randomUUID().toString())));

        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        String newHash = jdbc.queryForObject("select token_hash from issued_key where replaces_key_id = ?::uuid",
                String.class, keyId);
        assertThat(gateway.softBudgetOf(newHash)).isEqualByComparingTo("2");
        assertThat(jdbc.queryForObject("select soft_budget from issued_key where token_hash = ?", BigDecimal.class,
                newHash)).isEqualByComparingTo("2");
    }

    // ---------------------------------------------------------------- /user/daily/activity

    @ParameterizedTest
    @EnumSource(Version.class)
    void aDaySpreadOverSeveralUnstablePagesIsCopiedExactlyOnce(Version version) {
        liteLlm.behaveAs(version);
        LocalDate day = aDayNobodyElseUses();
        Instant at = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        List<String> models = List.of("gpt-4o-mini", "claude-haiku", "gpt-4o", "claude-opus");
        Map<List<String>, Double> expected = new HashMap<>();
        for (int i = 0; i < 260; i++) { // 1,040 rows: more than the 1,000 of one page
            String hash = String.format("%064x", new java.math.BigInteger(1, UUID.randomUUID().toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).mod(java.math.BigInteger.TWO.pow(256)));
            liteLlm.putKey(hash, "paged-" + UUID.randomUUID(), "paged-user", null, null, 0);
            for (int m = 0; m < models.size(); m++) {
                double usd = (i * models.size() + m + 1) / 1000.0;
                liteLlm.addSpendAt(hash, models.get(m), usd, 10, at);
                expected.put(List.of(hash, models.get(m)), usd);
            }
        }
        long perKeyQueries = perKeyDailyQueries();

        // the keys LiteLLM lists (SpendSync passes those of its last budget refresh)
        List<String> listed = expected.keySet().stream().map(k -> k.get(0)).distinct().toList();
        List<DailySpend> copied = gateway.spendOn(day, listed);

        assertThat(copied).hasSize(expected.size());
        assertThat(copied).allSatisfy(entry -> {
            assertThat(entry.spend().doubleValue()).as(entry.toString())
                    .isCloseTo(expected.get(List.of(entry.tokenHash(), entry.model())), within(1e-9));
            assertThat(entry.requests()).isEqualTo(1);
        });
        assertThat(perKeyDailyQueries() - perKeyQueries).isGreaterThanOrEqualTo(260);
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aDayOnOnePageIsTakenAsItIsAndRowsWithoutAModelGroupAreKept(Version version) {
        liteLlm.behaveAs(version);
        LocalDate day = aDayNobodyElseUses();
        Instant at = day.atTime(9, 30).toInstant(ZoneOffset.UTC);
        String hash = String.format("%064x", new java.math.BigInteger(1, UUID.randomUUID().toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).mod(java.math.BigInteger.TWO.pow(256)));
        liteLlm.putKey(hash, "ungrouped-" + UUID.randomUUID(), "ungrouped-user", null, null, 0);
        liteLlm.addSpendAt(hash, "gpt-4o-mini", 1.0, 10, at);
        liteLlm.addSpendAt(hash, "gpt-4o-mini", 0.5, 10, at.plusSeconds(60));
        liteLlm.addSpendWithoutModelGroup(hash, "openai/gpt-4o-mini", 0.25, at);
        long perKeyQueries = perKeyDailyQueries();

        List<DailySpend> copied = gateway.spendOn(day, List.of(hash));

        assertThat(copied).extracting(DailySpend::model, entry -> entry.spend().doubleValue(), DailySpend::requests)
                .containsExactlyInAnyOrder(tuple("gpt-4o-mini", 1.5, 2L), tuple("unknown", 0.25, 1L));
        assertThat(perKeyDailyQueries()).isEqualTo(perKeyQueries);
    }

    // ---------------------------------------------------------------- budget periods

    @ParameterizedTest
    @EnumSource(Version.class)
    void aWordAsBudgetPeriodIsKeptByLiteLlmAndResetsAtMidnightSoThePortalRefusesIt(Version version) {
        liteLlm.behaveAs(version);
        var generated = liteLlm.post("/key/generate", TestPortalConfiguration.MASTER_KEY,
                Map.of("budget_duration", "monthly", "max_budget", 5));
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        String hash = liteLlm.keys().stream().filter(k -> "monthly".equals(k.budgetDuration())).findFirst()
                .orElseThrow().token();
        var key = liteLlm.keyByHash(hash).orElseThrow();
        assertThat(key.budgetResetAt()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        assertThat(liteLlm.post("/key/generate", TestPortalConfiguration.MASTER_KEY,
                Map.of("duration", "monthly")).statusCode()).isEqualTo(500);

        PortalClient browser = signedIn(uniquePerson("words"));
        long generates = liteLlm.callCount("/key/generate");
        Map<String, List<String>> form = form("monthly-budget");
        form.put("budget_duration", List.of("monthly"));
        Page page = browser.post("/keys", form);
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.text()).contains("does not understand words such as \"monthly\"", "every midnight",
                "Use 30d or 1mo instead");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates);
        assertThat(browser.get("/keys/new").text()).contains("Words such as \"monthly\" are refused");
    }

    // ---------------------------------------------------------------- helpers

    private String issuedKeyDeletedInLiteLlm(Version version) {
        String person = uniquePerson("deleted-" + version.name().toLowerCase());
        signedIn(person).post("/keys", form("to-delete"));
        String hash = tokenHashesOf(person).get(0);
        deleteInLiteLlm(hash);
        return hash;
    }

    private void deleteInLiteLlm(String hash) {
        var deleted = liteLlm.post("/key/delete", TestPortalConfiguration.MASTER_KEY, Map.of("keys", List.of(hash)));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(liteLlm.keyByHash(hash)).isEmpty();
    }

    /** A day far in the past no other test books spend on (each run of a test picks its own). */
    private static LocalDate aDayNobodyElseUses() {
        return LocalDate.of(1990, 1, 1).plusDays(java.util.concurrent.ThreadLocalRandom.current().nextInt(3000));
    }

    private long perKeyDailyQueries() {
        return liteLlm.calls().stream().filter(call -> call.path().equals("/user/daily/activity")
                && call.query().contains("api_key=")).count();
    }

    private String litellmUserIdOf(String person) {
        return jdbc.queryForObject("select litellm_user_id from portal_user where subject = ?", String.class, person);
    }
}
