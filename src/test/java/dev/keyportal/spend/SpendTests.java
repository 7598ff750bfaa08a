package dev.keyportal.spend;

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

    private String hashOf(String person) {
        return jdbc.queryForObject("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
    }
}
