package dev.keyportal.spend;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Date;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
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
        liteLlm.failAlways("/user/daily/activity", Fault.HTTP_500);

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
        List<String> hashes = tokenHashesOf(person);
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
        assertThat(carol.get("/admin/spend?person=" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(carol.get("/admin/spend?page=abc&sort=sideways&team=" + "x".repeat(300)).status())
                .isEqualTo(200);
    }

    @Test
    void fastestGrowersCompareTheSecondHalfOfTheRangeWithTheFirst() {
        String grower = uniquePerson("grower");
        String shrinker = uniquePerson("shrinker");
        signedIn(grower).post("/keys", form("growing"));
        signedIn(shrinker).post("/keys", form("shrinking"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
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

    @Test
    void warnsFromEightyPercentOfABudgetAndSaysWhenTheBudgetIsSpent() {
        String person = uniquePerson("budgets");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("calm"));
        browser.post("/keys", form("spent"));
        liteLlm.addSpend(hashOf(person, "calm"), "gpt-4o-mini", 7.9);
        liteLlm.addSpend(hashOf(person, "spent"), "gpt-4o-mini", 10.0);
        sync.sync();

        Page mine = browser.get("/spend");

        assertThat(mine.text()).contains("Budget warning", "spent has used 100% of its $10.00 budget",
                "LiteLLM refuses its requests until then", "The portal warns when a key has used 80% of its budget")
                .doesNotContain("calm has used");
        assertThat(browser.get("/").text()).contains("spent has used 100%").doesNotContain("calm has used");
    }

    @Test
    void warnsOnceALiteLlmSoftBudgetIsReachedEvenFarBelowTheBudget() throws Exception {
        String person = uniquePerson("soft");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("soft-not-yet"));
        // a soft budget comes with /key/generate only (LiteLLM's /key/update drops it): a key made outside with one
        String reached = importedWithSoftBudget(person, "soft-reached-" + person, 2.0);
        liteLlm.addSpend(reached, "gpt-4o-mini", 2.5);
        liteLlm.addSpend(hashOf(person, "soft-not-yet"), "gpt-4o-mini", 1.0);
        sync.sync();

        Page mine = browser.get("/spend");

        assertThat(mine.text()).contains("soft-reached-" + person
                + " has used 25% of its $10.00 budget and passed its soft budget of $2.00",
                "or reached the soft budget LiteLLM keeps for it").doesNotContain("soft-not-yet has used");
        assertThat(mine.body()).contains("pct-25 bg-warning");
        assertThat(browser.get("/").text()).contains("soft-reached-" + person + " has used 25%");
    }

    @Test
    void topSpendersComeMostFirstAndEveryAdminTableDownloadsAsOnThePage() {
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(330);
        LocalDate to = from.plusDays(29);
        String small = uniquePerson("top-small");
        String large = uniquePerson("top-large");
        String middle = uniquePerson("top-middle");
        for (String person : List.of(small, large, middle)) {
            signedIn(person).post("/keys", form("top-" + person));
        }
        book(small, from.plusDays(1), "2.00");
        book(large, from.plusDays(2), "5.00");
        book(middle, from.plusDays(3), "3.00");
        book(middle, from.plusDays(20), "0.50");
        PortalClient carol = signedIn("carol");
        String range = "from=" + from + "&to=" + to;

        Page org = carol.get("/admin/spend?" + range);

        List<List<String>> top = table(org, "top-spenders");
        assertThat(top).extracting(row -> row.get(0)).containsSubsequence(large + "@example.com",
                middle + "@example.com", small + "@example.com");
        assertThat(top).filteredOn(row -> row.get(0).startsWith("top-")).extracting(row -> row.get(1))
                .containsExactly("$5.00", "$3.50", "$2.00");
        assertThat(org.body()).contains("/admin/spend.csv?table=top&amp;from=" + from);
        assertMatches(top, carol.get("/admin/spend.csv?table=top&" + range));
        assertMatches(table(org, "spend-by-team"), carol.get("/admin/spend.csv?table=team&" + range));
        assertMatches(table(org, "spend-by-model"), carol.get("/admin/spend.csv?table=model&" + range));
        assertMatches(table(org, "spend-by-day"), carol.get("/admin/spend.csv?table=day&" + range));
        assertMatches(table(org, "spend-by-person"), carol.get("/admin/spend.csv?table=person&" + range));
        Page byName = carol.get("/admin/spend?sort=name&" + range);
        assertThat(byName.body()).containsPattern("/admin/spend.csv\\?table=person[^\"]*&amp;sort=name\">");
        assertMatches(table(byName, "spend-by-person"),
                carol.get("/admin/spend.csv?table=person&sort=name&" + range));
    }

    @Test
    void drillDownTotalsMatchFromTeamToPersonToKeyOnThePagesAndInTheirCsv() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
        String lead = uniquePerson("lead");
        String member = uniquePerson("member");
        signedIn(lead).post("/keys", form("lead-one"));
        signedIn(lead).post("/keys", form("lead-two"));
        signedIn(member).post("/keys", form("member-one"));
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(250);
        bookOnKey(hashOf(lead, "lead-one"), day, "4.25", team);
        bookOnKey(hashOf(lead, "lead-two"), day.plusDays(1), "1.50", team);
        bookOnKey(hashOf(member, "member-one"), day.plusDays(2), "2.00", team);
        String range = "from=" + day.minusDays(5) + "&to=" + day.plusDays(5);
        PortalClient carol = signedIn("carol");

        Page org = carol.get("/admin/spend?" + range);
        assertThat(table(org, "spend-by-team")).extracting(row -> row.subList(0, 2)).contains(List.of(team, "$7.75"));
        assertThat(org.body()).contains("/admin/spend?team=" + team);

        Page ofTeam = carol.get("/admin/spend?team=" + team + "&" + range);
        assertThat(ofTeam.text()).contains("Spend of team " + team, "$7.75 from");
        List<List<String>> people = table(ofTeam, "spend-by-person");
        assertThat(people).extracting(row -> row.subList(0, 2)).containsExactly(
                List.of(lead + "@example.com", "$5.75"), List.of(member + "@example.com", "$2.00"));
        assertMatches(people, carol.get("/admin/spend.csv?table=person&team=" + team + "&" + range));

        String leadId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class, lead);
        assertThat(ofTeam.body()).contains("/admin/spend?person=" + leadId);
        Page ofLead = carol.get("/admin/spend?person=" + leadId + "&team=" + team + "&" + range);
        assertThat(ofLead.text()).contains("Spend of " + lead + "@example.com", "$5.75 from", "Team " + team);
        List<List<String>> keys = table(ofLead, "spend-by-key");
        assertThat(keys).extracting(row -> row.get(1)).containsExactly("$4.25", "$1.50");
        assertThat(keys.get(0).get(0)).startsWith("lead-one");
        assertMatches(keys, carol.get("/admin/spend.csv?table=key&person=" + leadId + "&" + range));
        assertMatches(table(ofLead, "spend-by-model"),
                carol.get("/admin/spend.csv?table=model&person=" + leadId + "&" + range));
    }

    @Test
    void onlyAdminsSeeOrgSpendTheDrillDownAndTheExports() {
        String someone = uniquePerson("watched");
        signedIn(someone).post("/keys", form("watched"));
        String id = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class, someone);
        for (String who : List.of("alice", "bob", uniquePerson("nosy"))) {
            PortalClient client = signedIn(who);
            for (String path : List.of("/admin/spend?team=research", "/admin/spend?person=" + id,
                    "/admin/spend.csv?table=top", "/admin/spend.csv?table=key&person=" + id,
                    "/admin/spend.csv?table=budget&team=research")) {
                Page page = client.get(path);
                assertThat(page.status()).as(who + " " + path).isEqualTo(403);
                assertThat(page.body()).as(who + " " + path).doesNotContain(someone);
            }
        }
    }

    @Test
    void badQueryParametersGetAMessageAndTheDefaultsNeverAnError() {
        PortalClient carol = signedIn("carol");

        Page org = carol.get("/admin/spend?from=yesterday&page=abc&sort=sideways&team=" + "x".repeat(300));
        assertThat(org.status()).isEqualTo(200);
        assertThat(org.text()).contains("Dates look like", "showing the last 90 days",
                "A page is a whole number from 1", "ordered by spend_desc, spend_asc or name",
                "A team name is at most 128 printable characters");
        assertThat(carol.get("/admin/spend?from=2026-05-01&to=2026-04-01").text())
                .contains("start before end; showing the last 90 days");
        assertThat(carol.get("/admin/spend?page=999999").text()).contains("of people; showing the last");
        assertThat(carol.get("/admin/spend?page=-1").text()).contains("A page is a whole number from 1");
        Page script = carol.get("/admin/spend?team=%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
        assertThat(carol.get("/admin/spend?person=not-a-person").text()).contains("There is nobody with that id");

        Page unknownTable = carol.get("/admin/spend.csv?table=secrets");
        assertThat(unknownTable.status()).isEqualTo(400);
        assertThat(unknownTable.header("Content-Type")).startsWith("text/plain");
        assertThat(unknownTable.body()).contains("There is no table 'secrets'", "team, person, top");
        assertThat(carol.get("/admin/spend.csv?table=key").status()).isEqualTo(400);
        assertThat(carol.get("/admin/spend.csv?table=key&person=nobody").status()).isEqualTo(404);
        assertThat(carol.get("/admin/spend.csv?table=person&sort=sideways&from=bad").status()).isEqualTo(200);

        Page mine = signedIn(uniquePerson("odd-days")).get("/spend?days=7");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.text()).contains("Choose 30 or 90 days; showing the last 30.", "The last 30 days:");
    }

    /**
     * A key made in LiteLLM for the person with a soft budget (an alert threshold), then adopted by an admin through
     * the import page; its token hash.
     */
    private String importedWithSoftBudget(String person, String alias, double softBudget) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(liteLlm.baseUrl() + "/key/generate"))
                        .header("Authorization", "Bearer " + TestPortalConfiguration.MASTER_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\": \"" + person + "@example.com\","
                                + " \"key_alias\": \"" + alias + "\", \"models\": [\"gpt-4o-mini\"],"
                                + " \"max_budget\": 10, \"soft_budget\": " + softBudget + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String hash = liteLlm.keyByAlias(alias).orElseThrow().token();
        String ownerId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        Page adopted = signedIn("carol").post("/admin/import", Map.of("owner_id", List.of(ownerId),
                "token_hash", List.of(hash)));
        assertThat(adopted.text()).contains("Adopted");
        return hash;
    }

    /** A table's rows as the page shows them: one list of cell texts per body row. */
    private static List<List<String>> table(Page page, String id) {
        Matcher table = Pattern.compile(
                "(?s)<table[^>]*id=\"" + id + "\"[^>]*>(.*?)</table>").matcher(page.body());
        assertThat(table.find()).as("table #" + id).isTrue();
        String body = table.group(1).replaceAll("(?s).*<tbody>", "").replaceAll("(?s)</tbody>.*", "");
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("(?s)<tr[^>]*>(.*?)</tr>").matcher(body);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("(?s)<td[^>]*>(.*?)</td>")
                    .matcher(row.group(1));
            while (cell.find()) {
                cells.add(new Page(200, null, cell.group(1), Map.of()).text().strip());
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The CSV has the page's rows in the page's order: same labels, same amounts (to the cent), same counts. */
    private static void assertMatches(List<List<String>> pageRows, Page csv) {
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<List<String>> csvRows = csv.body().lines().skip(1).map(SpendTests::cells).toList();
        NumberFormat money = NumberFormat.getCurrencyInstance(Locale.US);
        assertThat(csvRows).extracting(r -> List.of(r.get(0).replaceFirst("^'", ""),
                money.format(new BigDecimal(r.get(1))), String.format(Locale.US, "%,d",
                        Long.parseLong(r.get(2)))))
                .containsExactlyElementsOf(pageRows.stream().map(r -> List.of(r.get(0), r.get(1), r.get(3)))
                        .toList());
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        Matcher cell = Pattern.compile("\"((?:[^\"]|\"\")*)\"").matcher(line);
        while (cell.find()) {
            cells.add(cell.group(1).replace("\"\"", "\""));
        }
        return cells;
    }

    /** Spend on one key on a past day, booked to {@code team} as the sync would have copied it. */
    private void bookOnKey(String tokenHash, LocalDate day, String usd, String team) {
        jdbc.update("""
                insert into spend_daily (day, token_hash, model, key_id, owner_id, team, spend, requests, tokens)
                select ?, k.token_hash, 'gpt-4o-mini', k.id, k.owner_id, ?, ?::numeric, 1, 100
                from issued_key k where k.token_hash = ?""", Date.valueOf(day), team, usd, tokenHash);
        sync.summarise(day);
    }

    private String hashOf(String person, String alias) {
        return jdbc.queryForObject("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = ?""", String.class, person, alias);
    }

    @Test
    void syncingADayAgainReplacesItsRowsAndSummariesInsteadOfAddingToThem() {
        String person = uniquePerson("resync");
        signedIn(person).post("/keys", form("twice"));
        String hash = hashOf(person);
        liteLlm.addSpend(hash, "claude-haiku", 0.40);
        sync.sync();
        liteLlm.addSpend(hash, "claude-haiku", 0.60);

        sync.sync();

        assertThat(jdbc.queryForMap("select sum(spend) as spend, sum(requests) as requests from spend_daily"
                + " where token_hash = ?", hash)).containsEntry("requests", 2L)
                .hasEntrySatisfying("spend", spend -> assertThat((java.math.BigDecimal) spend).isEqualByComparingTo("1"));
        String owner = " where owner_id = (select owner_id from issued_key where token_hash = ?)";
        assertThat(jdbc.queryForObject("select sum(spend_micros) from spend_owner_daily" + owner, Long.class, hash))
                .isEqualTo(1_000_000L);
        assertThat(jdbc.queryForObject("select sum(spend_micros) from spend_owner_weekly" + owner, Long.class, hash))
                .isEqualTo(1_000_000L);
        assertThat(jdbc.queryForObject("select count(*) from spend_owner_daily" + owner, Long.class, hash))
                .isEqualTo(1L);
    }

    /** Spend on a past day, as the sync would have copied it (the stand-in only books spend today). */
    private void book(String person, LocalDate day, String usd) {
        jdbc.update("""
                insert into spend_daily (day, token_hash, model, key_id, owner_id, team, spend, requests, tokens)
                select ?, k.token_hash, 'gpt-4o-mini', k.id, k.owner_id, k.team, ?::numeric, 1, 100
                from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                Date.valueOf(day), usd, person);
        sync.summarise(day);
    }

    private String hashOf(String person) {
        return tokenHashesOf(person).get(0);
    }
}
