package dev.keyportal.spend;

import java.time.LocalDate;
import java.util.List;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Spend copied from LiteLLM shows up for the person and for admins, and survives LiteLLM being down. */
class SpendTests extends FullStackTest {

    @Autowired
    SpendSync sync;

    @Test
    void spendAddedInLiteLlmShowsUpAfterASyncForThePersonAndTheAdmin() {
        String person = "=spender-" + uniquePerson("x").substring(2);
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("spendy"));
        String hash = hashOf(person);
        liteLlm.addSpend(hash, "gpt-4o-mini", 1.25);
        liteLlm.addSpend(hash, "claude-haiku", 0.75);

        assertThat(sync.sync().complete()).isTrue();

        Page mine = browser.get("/spend");
        assertThat(mine.text()).contains("The last 30 days: $2.00", "gpt-4o-mini", "claude-haiku", "spendy",
                "$1.25", "$0.75");
        assertThat(browser.get("/spend?days=90").text()).contains("The last 90 days: $2.00");
        Page org = signedIn("carol").get("/admin/spend");
        assertThat(org.text()).contains(person + "@example.com", "$2.00");

        Page csv = signedIn("carol").get("/admin/spend.csv?table=person");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\"person\",\"spend_usd\",\"requests\",\"tokens\"")
                .contains("\"'" + person + "@example.com\",\"2.000000\",\"2\"");
    }

    @Test
    void aPersonSeesOnlyTheirOwnSpend() {
        String person = uniquePerson("private");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("secret-project"));
        liteLlm.addSpend(hashOf(person), "gpt-4o-mini", 3.0);
        sync.sync();

        Page other = signedIn(uniquePerson("curious")).get("/spend");

        assertThat(other.text()).doesNotContain("secret-project").contains("No spend in this period");
        assertThat(signedIn(uniquePerson("curious")).get("/admin/spend").status()).isEqualTo(403);
    }

    @Test
    void theJobSurvivesLiteLlmFailuresAndCatchesUp() {
        String person = uniquePerson("catchup");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("later"));
        liteLlm.addSpend(hashOf(person), "gpt-4o-mini", 0.5);
        sync.sync();
        liteLlm.addSpend(hashOf(person), "gpt-4o-mini", 0.25);
        liteLlm.failAlways("/spend/logs", Fault.HTTP_500);

        assertThat(sync.sync().complete()).isFalse();
        assertThat(browser.get("/spend").text()).contains("The last 30 days: $0.50");

        liteLlm.clearFaults();
        assertThat(sync.sync().complete()).isTrue();
        assertThat(browser.get("/spend").text()).contains("The last 30 days: $0.75");
    }

    @Test
    void aPersonSeesAChartAndABudgetWarningHereAndAtHome() {
        String person = uniquePerson("heavy");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("heavy-user"));
        liteLlm.addSpend(hashOf(person), "gpt-4o-mini", 8.5);
        sync.sync();

        Page mine = browser.get("/spend");
        assertThat(mine.text()).contains("Budget warning", "heavy-user has used 85% of its $10.00 budget");
        assertThat(mine.body()).contains("id=\"spend-chart\"", "<rect class=\"series-0\"", "gpt-4o-mini");
        Page home = browser.get("/");
        assertThat(home.text()).contains("My spend, last 30 days: $8.50", "Budget warning");
        assertThat(home.body()).contains("id=\"home-spend-chart\"");
        assertThat(signedIn(uniquePerson("light")).get("/").text()).contains("No spend yet")
                .doesNotContain("Budget warning");
    }

    @Test
    void adminsDrillDownFromTeamToPersonToKeyWithTotalsThatMatch() {
        String person = uniquePerson("drilled");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("drill-a"));
        browser.post("/keys", form("drill-b"));
        List<String> hashes = jdbc.queryForList("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? order by k.key_alias""", String.class, person);
        liteLlm.addSpend(hashes.get(0), "gpt-4o-mini", 9.25);
        liteLlm.addSpend(hashes.get(1), "gpt-4o-mini", 0.5);
        sync.sync();
        String ownerId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        PortalClient carol = signedIn("carol");

        Page org = carol.get("/admin/spend");
        assertThat(org.body()).contains("id=\"spend-chart\"", "id=\"top-spenders\"", "id=\"near-budget\"",
                "/admin/spend?team=-");
        assertThat(org.text()).contains("drill-a", "92%");
        Page team = carol.get("/admin/spend?team=-");
        assertThat(team.text()).contains("Spend of team (no team)", person + "@example.com");
        assertThat(team.body()).contains("person=" + ownerId);
        Page one = carol.get("/admin/spend?person=" + ownerId + "&team=-");
        assertThat(one.text()).contains("Spend of " + person + "@example.com", "$9.75", "drill-a", "$9.25",
                "drill-b", "$0.50");
        Page csv = carol.get("/admin/spend.csv?table=key&person=" + ownerId);
        assertThat(csv.body()).startsWith("\"key\",\"spend_usd\"").contains("9.250000", "0.500000");
        assertThat(carol.get("/admin/spend.csv?table=budget").body()).contains("\"drill-a\"", "\"92\"");

        assertThat(browser.get("/admin/spend?person=" + ownerId).status()).isEqualTo(403);
        assertThat(carol.get("/admin/spend?person=not-a-person").status()).isEqualTo(404);
        assertThat(carol.get("/admin/spend?person=" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(carol.get("/admin/spend?page=abc&sort=sideways&team=" + "x".repeat(300)).status())
                .isEqualTo(200);
    }

    @Test
    void fastestGrowersCompareTheSecondHalfOfTheRangeWithTheFirst() {
        String grower = uniquePerson("grower");
        String shrinker = uniquePerson("shrinker");
        signedIn(grower).post("/keys", form("growing"));
        signedIn(shrinker).post("/keys", form("shrinking"));
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        LocalDate from = today.minusDays(200);
        LocalDate to = today.minusDays(141);
        book(grower, from.plusDays(3), "1.00");
        book(grower, to.minusDays(3), "7.00");
        book(shrinker, from.plusDays(3), "5.00");
        book(shrinker, to.minusDays(3), "1.00");

        Page org = signedIn("carol").get("/admin/spend?from=" + from + "&to=" + to);

        assertThat(org.text()).contains("Fastest growers", grower + "@example.com $1.00 $7.00 +$6.00")
                .doesNotContain(shrinker + "@example.com $5.00");
        assertThat(signedIn("carol").get("/admin/spend.csv?table=growers&from=" + from + "&to=" + to).body())
                .contains(grower + "@example.com\",\"1.000000\",\"7.000000\",\"6.000000\"")
                .doesNotContain(shrinker);
    }

    /** Spend on a past day, as the sync would have copied it (the stand-in only books spend today). */
    private void book(String person, LocalDate day, String usd) {
        jdbc.update("""
                insert into spend_daily (day, token_hash, model, key_id, owner_id, team, spend, requests, tokens)
                select ?, k.token_hash, 'gpt-4o-mini', k.id, k.owner_id, k.team, ?::numeric, 1, 100
                from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                java.sql.Date.valueOf(day), usd, person);
        sync.summarise(java.sql.Date.valueOf(day));
    }

    private String hashOf(String person) {
        return jdbc.queryForObject("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
    }
}
