package dev.keyportal.web;

import java.util.Map;

import dev.keyportal.spend.SpendSync;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** My keys and the home page show spend as last copied from LiteLLM, say how fresh it is, and can refresh it. */
class MyKeysSpendTests extends FullStackTest {

    @Autowired
    SpendSync sync;

    @Test
    void viewingMyKeysHomeAndMySpendAsksLiteLlmNothingAndShowsTheCopiedSpend() {
        String person = uniquePerson("viewer");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("viewed"));
        liteLlm.addSpend(tokenHashesOf(person).get(0), "gpt-4o-mini", 8.5);
        sync.sync();

        long calls = liteLlm.calls().size();
        Page keys = browser.get("/keys");
        Page home = browser.get("/");
        Page spend = browser.get("/spend");

        assertThat(liteLlm.calls()).hasSize((int) calls);
        assertThat(keys.text()).contains("viewed", "$8.50", "Spend and budgets as LiteLLM reported them just now",
                "Refresh now");
        assertThat(home.text()).contains("$8.50", "Budget warning", "viewed has used 85%");
        assertThat(spend.text()).contains("viewed has used 85%");
    }

    @Test
    void refreshNowCopiesTheNewFigureAndAsksLiteLlmOnlyOnceWhenClickedAgain() {
        String person = uniquePerson("refresher");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("refreshed"));
        String hash = tokenHashesOf(person).get(0);
        liteLlm.addSpend(hash, "gpt-4o-mini", 1.0);
        sync.sync();
        liteLlm.addSpend(hash, "gpt-4o-mini", 2.5);
        assertThat(browser.get("/keys").text()).contains("$1.00").doesNotContain("$3.50");

        // copied moments ago by the sync: a click asks LiteLLM nothing and says so
        long listCalls = liteLlm.callCount("/key/list");
        Page tooSoon = browser.post("/keys/refresh", Map.of());
        assertThat(tooSoon.text()).contains("copied from LiteLLM moments ago", "$1.00");
        assertThat(liteLlm.callCount("/key/list")).isEqualTo(listCalls);

        jdbc.update("update key_budget_state set seen_at = now() - interval '10 minutes' where token_hash = ?", hash);
        assertThat(browser.get("/keys").text()).contains("10 minutes ago");
        Page refreshed = browser.post("/keys/refresh", Map.of());
        assertThat(refreshed.uri().getPath()).isEqualTo("/keys");
        assertThat(refreshed.text()).contains("up to date with LiteLLM", "$3.50", "just now");
        assertThat(liteLlm.callCount("/key/list")).isEqualTo(listCalls + 1);
        assertThat(browser.post("/keys/refresh", Map.of()).text()).contains("moments ago");
        assertThat(liteLlm.callCount("/key/list")).isEqualTo(listCalls + 1);
    }

    @Test
    void whenLiteLlmIsDownTheKeysStayListedWithTheLastCopyAndRefreshSaysItDidNotAnswer() {
        String person = uniquePerson("down");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("not-yet-copied"));
        liteLlm.failAlways("/key/list", Fault.HTTP_500);
        try {
            assertThat(browser.get("/keys").text()).contains("not-yet-copied",
                    "Spend of some keys has not been copied from LiteLLM yet");
            Page refreshed = browser.post("/keys/refresh", Map.of());
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(refreshed.text()).contains("LiteLLM did not answer", "not-yet-copied");
        } finally {
            liteLlm.clearFaults();
        }
        assertThat(browser.post("/keys/refresh", Map.of()).text()).contains("up to date with LiteLLM", "$0.00");
    }

    @Test
    void refreshingIsForSignedInPeopleWithTheFormsToken() {
        long listCalls = liteLlm.callCount("/key/list");
        Page stranger = PortalClient.at(port).postRaw("/keys/refresh", Map.of());
        assertThat(stranger.text()).doesNotContain("up to date");
        PortalClient browser = signedIn(uniquePerson("forged"));
        assertThat(browser.postRaw("/keys/refresh", Map.of()).status()).isEqualTo(403);
        assertThat(liteLlm.callCount("/key/list")).isEqualTo(listCalls);
    }
}
