package dev.keyportal.keyrequest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRequestFlowTests extends FullStackTest {

    @Test
    void issuesKeyWithinPolicyAndShowsItOnce() {
        String person = uniquePerson("happy");
        PortalClient browser = signedIn(person);

        Page form = browser.get("/keys/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.text()).contains("gpt-4o-mini", "premium-models", "auto-approved up to $25.00",
                "at most $500.00");

        Page issued = browser.post("/keys", form("laptop"));

        assertThat(issued.status()).isEqualTo(200);
        assertThat(issued.header("Cache-Control")).contains("no-store");
        StandInKey key = liteLlm.keys().stream().filter(k -> (person + "@example.com").equals(k.userId()))
                .findFirst().orElseThrow();
        String plaintext = liteLlm.issuedPlaintexts().stream()
                .filter(p -> key.keyName().equals("sk-..." + p.substring(p.length() - 4)))
                .findFirst().orElseThrow();
        assertThat(issued.body()).contains(plaintext).contains("OPENAI_API_KEY").contains(liteLlm.baseUrl());
        assertThat(key.models()).containsExactly("gpt-4o-mini");
        assertThat(key.maxBudget()).isEqualTo(10.0);
        assertThat(key.metadata()).containsKeys("portal_request_id", "requested_by", "approved_by");
        assertThat(key.keyAlias()).startsWith("kp-");
        assertThat(liteLlm.user(person + "@example.com")).isPresent();
        assertThat(requestStatus("laptop", person)).isEqualTo("ISSUED");

        Page keys = browser.get("/keys");
        assertThat(keys.text()).contains("laptop", key.keyName(), "gpt-4o-mini", "$10.00");
        assertThat(keys.body()).doesNotContain(plaintext);
    }

    @Test
    void teamMemberKeyCarriesTheTeamAndTheTeamExistsInLiteLlm() {
        PortalClient browser = signedIn("erin");

        Page issued = browser.post("/keys", form("sales-" + System.nanoTime()));

        assertThat(issued.status()).isEqualTo(200);
        assertThat(liteLlm.keys()).anyMatch(k -> "erin@example.com".equals(k.userId()) && "sales".equals(k.teamId()));
        assertThat(liteLlm.team("sales")).isPresent();
        assertThat(liteLlm.team("sales").orElseThrow().toString()).contains("erin@example.com");
    }

    @Test
    void refusesBudgetAboveHardBoundWithMessageBesideTheField() {
        String person = uniquePerson("greedy");
        PortalClient browser = signedIn(person);
        long generatesBefore = liteLlm.callCount("/key/generate");
        Map<String, List<String>> tooMuch = form("big");
        tooMuch.put("max_budget", List.of("5000"));

        Page page = browser.post("/keys", tooMuch);

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"max_budget-error\"").contains("At most $500.00");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generatesBefore);
        assertThat(liteLlm.user(person + "@example.com")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from key_request where key_alias = 'big'", Integer.class))
                .isZero();
    }

    @Test
    void storesRequestAboveCeilingAsPendingApproval() {
        String person = uniquePerson("ambitious");
        PortalClient browser = signedIn(person);
        long generatesBefore = liteLlm.callCount("/key/generate");
        Map<String, List<String>> above = form("research-run");
        above.put("max_budget", List.of("100"));

        Page page = browser.post("/keys", above);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.uri().getPath()).startsWith("/requests/");
        assertThat(page.text()).contains("PENDING APPROVAL", "needs approval");
        assertThat(requestStatus("research-run", person)).isEqualTo("PENDING_APPROVAL");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generatesBefore);
        assertThat(browser.get("/requests").text()).contains("research-run", "PENDING APPROVAL");
    }

    @Test
    void aPersonAskingForMoreKeysAnHourThanAllowedIsToldToWaitAndKeepsTheForm() {
        String person = uniquePerson("hasty");
        PortalClient browser = signedIn(person);
        for (int i = 0; i < FullStackTest.MAX_REQUESTS_PER_HOUR; i++) {
            Map<String, List<String>> pending = form("hasty-" + i);
            pending.put("max_budget", List.of("100"));
            Page asked = browser.postWithoutRedirects("/keys", pending);
            String location = String.valueOf(asked.header("Location"));
            assertThat(location).as(asked.text()).contains("/requests/");
            browser.postWithoutRedirects(location.substring(location.indexOf("/requests/")) + "/cancel", Map.of());
        }
        long generatesBefore = liteLlm.callCount("/key/generate");

        Page refused = browser.post("/keys", form("one-too-many"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("3600");
        assertThat(refused.text()).contains("requests (new keys, rotations and budget increases) within the last hour");
        assertThat(refused.body()).contains("value=\"one-too-many\"");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generatesBefore);
        assertThat(jdbc.queryForObject("select count(*) from key_request r join portal_user u on u.id = r.requester_id"
                + " where u.subject = ? and r.key_alias = 'one-too-many'", Integer.class, person)).isZero();
    }

    @Test
    void rotationsAndBudgetIncreasesCountTowardTheHourlyNumberOfRequests() {
        String person = uniquePerson("busy");
        PortalClient browser = signedIn(person);
        assertThat(browser.post("/keys", form("busy-key")).status()).isEqualTo(200);
        String keyId = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
        for (int i = 1; i < FullStackTest.MAX_REQUESTS_PER_HOUR; i++) {
            Page raised = browser.post("/keys/" + keyId + "/budget", Map.of("max_budget",
                    List.of("10." + String.format("%02d", i)), "purpose", List.of("A little more"),
                    "submission_id", List.of(UUID.randomUUID().toString())));
            assertThat(raised.text()).as("increase " + i).contains("The new budget is in force");
        }
        long updatesBefore = liteLlm.callCount("/key/update");
        long generatesBefore = liteLlm.callCount("/key/generate");

        Page budget = browser.post("/keys/" + keyId + "/budget", Map.of("max_budget", List.of("11"),
                "purpose", List.of("One more"), "submission_id", List.of(UUID.randomUUID().toString())));
        Page rotation = browser.post("/keys/" + keyId + "/rotate",
                Map.of("submission_id", List.of(UUID.randomUUID().toString())));
        Page newKey = browser.post("/keys", form("busy-second"));

        for (Page refused : List.of(budget, rotation, newKey)) {
            assertThat(refused.text()).contains("within the last hour", "the most the portal takes");
        }
        assertThat(newKey.status()).isEqualTo(429);
        assertThat(liteLlm.callCount("/key/update")).isEqualTo(updatesBefore);
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generatesBefore);
        assertThat(jdbc.queryForObject("""
                select count(*) from key_request r join portal_user u on u.id = r.requester_id where u.subject = ?""",
                Integer.class, person)).isEqualTo(FullStackTest.MAX_REQUESTS_PER_HOUR);
    }

    @Test
    void issuedKeyIsAcceptedByTheProxy() {
        String person = uniquePerson("caller");
        PortalClient browser = signedIn(person);

        Page issued = browser.post("/keys", form("works"));

        String plaintext = liteLlm.issuedPlaintexts().stream().filter(issued.body()::contains).findFirst()
                .orElseThrow();
        assertThat(liteLlm.chat(plaintext, "gpt-4o-mini").statusCode()).isEqualTo(200);
        assertThat(liteLlm.chat(plaintext, "gpt-4o").statusCode()).isEqualTo(403);
    }

    @Test
    void myKeysStillListsKeysWhenLiteLlmCannotSayTheirSpend() {
        String person = uniquePerson("offline");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("still-here"));
        liteLlm.failAlways("/key/list", Fault.HTTP_500);

        Page keys = browser.get("/keys");

        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.text()).contains("still-here", "has not been copied from LiteLLM yet");
        Page refreshed = browser.post("/keys/refresh", Map.of());
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.text()).contains("still-here", "LiteLLM did not answer");
    }

    @Test
    void badInputNeverReachesLiteLlmAndNeverFails() {
        PortalClient browser = signedIn(uniquePerson("fuzzy"));
        long generates = liteLlm.callCount("/key/generate");
        List<Map.Entry<String, String>> bad = List.of(Map.entry("max_budget", "-5"), Map.entry("max_budget", "0"),
                Map.entry("max_budget", "1,000"), Map.entry("max_budget", "abc"),
                Map.entry("max_budget", "1e400"), Map.entry("rpm_limit", "99999999999"),
                Map.entry("duration", "30"), Map.entry("duration", "-1"), Map.entry("budget_duration", "2mo"),
                Map.entry("key_alias", "x".repeat(65)), Map.entry("key_alias", "<script>alert(1)</script>"),
                Map.entry("purpose", "bell\u0007ring"), Map.entry("models", "*"), Map.entry("models", "no-such-model"),
                Map.entry("submission_id", "not-a-uuid"));

        for (Map.Entry<String, String> input : bad) {
            Map<String, List<String>> form = form("fuzz");
            form.put(input.getKey(), List.of(input.getValue()));
            Page page = browser.post("/keys", form);
            assertThat(page.status()).as(input.toString()).isEqualTo(422);
            assertThat(page.body()).as(input.toString()).doesNotContain("<script>alert(1)</script>");
        }
        Map<String, List<String>> duplicate = form("fuzz");
        duplicate.put("models", List.of("gpt-4o-mini", "gpt-4o-mini"));
        assertThat(browser.post("/keys", duplicate).text()).contains("listed twice");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates);
    }

    @Test
    void ignoresFieldsThatAreNotOnTheForm() {
        String person = uniquePerson("sneaky");
        PortalClient browser = signedIn(person);
        Map<String, List<String>> form = form("sneaky");
        form.put("status", List.of("ISSUED"));
        form.put("user_id", List.of("someone-else@example.com"));
        form.put("team_id", List.of("finance"));
        form.put("approved_by", List.of("carol"));

        browser.post("/keys", form);

        assertThat(liteLlm.keys()).filteredOn(k -> "someone-else@example.com".equals(k.userId())).isEmpty();
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId()))
                .singleElement().satisfies(k -> {
                    assertThat(k.teamId()).isNull();
                    assertThat(k.metadata().get("approved_by")).isEqualTo("policy");
                });
        assertThat(jdbc.queryForMap("select approval_kind, approved_by from key_request r join portal_user u"
                + " on u.id = r.requester_id where u.subject = ?", person))
                .containsEntry("approval_kind", "POLICY").containsEntry("approved_by", null);
    }
}
