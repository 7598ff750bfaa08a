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

/** A bigger budget on an existing key runs through the policy and the queue and ends in /key/update. */
class BudgetIncreaseTests extends FullStackTest {

    @Test
    void increaseWithinTheCeilingAppliesAtOnce() {
        String person = uniquePerson("grow");
        PortalClient browser = signedIn(person);
        String keyId = issueKey(browser, person, "grow");

        Page page = browser.post("/keys/" + keyId + "/budget", budget("20", "More tests"));

        assertThat(page.uri().getPath()).isEqualTo("/keys/" + keyId);
        assertThat(page.text()).contains("The new budget is in force", "$20.00");
        assertThat(liteLlmKey(person).maxBudget()).isEqualTo(20.0);
        assertThat(jdbc.queryForObject("select max_budget from issued_key where id = ?::uuid", Double.class, keyId))
                .isEqualTo(20.0);
    }

    @Test
    void increaseAboveTheCeilingIsApprovedAndVisibleInLiteLlm() {
        PortalClient dave = signedIn("dave");
        String keyId = issueKey(dave, "dave", "dave-grow-" + System.nanoTime());

        Page pending = dave.post("/keys/" + keyId + "/budget", budget("120", "Big evaluation run"));
        assertThat(pending.uri().getPath()).startsWith("/requests/");
        String requestId = pending.uri().getPath().substring("/requests/".length());
        assertThat(keyBudgetInLiteLlm(keyId)).isEqualTo(10.0);

        PortalClient bob = signedIn("bob");
        assertThat(bob.get("/approvals").text()).contains("budget increase", "Big evaluation run");
        bob.post("/approvals/" + requestId + "/approve", Map.of("max_budget", List.of("90")));

        assertThat(keyBudgetInLiteLlm(keyId)).isEqualTo(90.0);
        assertThat(dave.get("/keys/" + keyId).text()).contains("$90.00");
        assertThat(jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class, requestId))
                .isEqualTo("ISSUED");
        assertThat(jdbc.queryForList("select action from audit_event where request_id = ?::uuid order by id",
                String.class, requestId)).containsExactly("request.submitted", "request.approved",
                        "key.budget_changed");
    }

    @Test
    void approvedIncreaseThatLiteLlmRefusedCanBeAppliedAgain() {
        PortalClient dave = signedIn("dave");
        String keyId = issueKey(dave, "dave", "dave-retry-" + System.nanoTime());
        Page pending = dave.post("/keys/" + keyId + "/budget", budget("60", "Retry"));
        String requestId = pending.uri().getPath().substring("/requests/".length());
        liteLlm.failAlways("/key/update", Fault.HTTP_500);

        signedIn("bob").post("/approvals/" + requestId + "/approve", Map.of());
        assertThat(keyBudgetInLiteLlm(keyId)).isEqualTo(10.0);
        assertThat(dave.get("/requests/" + requestId).text()).contains("Apply the new budget");

        liteLlm.clearFaults();
        Page applied = dave.post("/requests/" + requestId + "/issue", Map.of());

        assertThat(applied.text()).contains("The new budget is in force");
        assertThat(keyBudgetInLiteLlm(keyId)).isEqualTo(60.0);
    }

    @Test
    void anApprovedIncreaseIsJudgedAgainstTodaysPolicyWhenItIsApplied() {
        PortalClient carol = signedIn("carol");
        String team = "budget-rejudge-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(carol.post("/admin/policies/teams", Map.of("team", List.of(team))).status()).isEqualTo(200);
        String person = uniquePerson("rejudged");
        PortalClient owner = signedIn(person);
        jdbc.update("update portal_user set team = ? where subject = ?", team, person);
        String keyId = issueKey(owner, person, "rejudged-key");
        Page pending = owner.post("/keys/" + keyId + "/budget", budget("120", "Evaluation run"));
        String requestId = pending.uri().getPath().substring("/requests/".length());
        liteLlm.failAlways("/key/update", Fault.HTTP_500);
        carol.post("/approvals/" + requestId + "/approve", Map.of());
        liteLlm.clearFaults();
        assertThat(keyBudgetInLiteLlm(keyId)).isEqualTo(10.0);

        // the team's hard bound is lowered before the requester applies the approved budget
        jdbc.update("update key_policy set bound_max_budget = 100 where team = ?", team);
        Page refused = owner.post("/requests/" + requestId + "/issue", Map.of());

        assertThat(refused.text()).contains("This budget can no longer be applied as approved", "$100.00");
        assertThat(keyBudgetInLiteLlm(keyId)).isEqualTo(10.0);
        assertThat(jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class,
                requestId)).isEqualTo("APPROVED");
        assertThat(jdbc.queryForObject("select max_budget::text from issued_key where id = ?::uuid", String.class,
                keyId)).startsWith("10");
    }

    @Test
    void refusesAboveTheBoundOrBelowTheCurrentBudgetAndSomeoneElsesKey() {
        String person = uniquePerson("bounded");
        PortalClient browser = signedIn(person);
        String keyId = issueKey(browser, person, "bounded");
        long updates = liteLlm.callCount("/key/update");

        assertThat(browser.post("/keys/" + keyId + "/budget", budget("900", "x")).text()).contains("At most $500.00");
        assertThat(browser.post("/keys/" + keyId + "/budget", budget("5", "x")).text())
                .contains("Enter more than the current budget");
        assertThat(signedIn(uniquePerson("thief")).post("/keys/" + keyId + "/budget", budget("20", "x")).status())
                .isEqualTo(404);
        assertThat(liteLlm.callCount("/key/update")).isEqualTo(updates);
    }

    private String issueKey(PortalClient client, String person, String alias) {
        assertThat(client.post("/keys", form(alias)).status()).isEqualTo(200);
        return jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = ?""", String.class, person, alias);
    }

    private StandInKey liteLlmKey(String person) {
        return liteLlm.keys().stream().filter(k -> (person + "@example.com").equals(k.userId())).findFirst()
                .orElseThrow();
    }

    private Double keyBudgetInLiteLlm(String keyId) {
        String hash = jdbc.queryForObject("select token_hash from issued_key where id = ?::uuid", String.class, keyId);
        return liteLlm.keyByHash(hash).orElseThrow().maxBudget();
    }

    private static Map<String, List<String>> budget(String amount, String why) {
        return Map.of("max_budget", List.of(amount), "purpose", List.of(why),
                "submission_id", List.of(UUID.randomUUID().toString()));
    }
}
