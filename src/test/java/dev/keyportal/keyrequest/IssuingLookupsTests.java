package dev.keyportal.keyrequest;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A person's second key goes straight to /key/generate: their LiteLLM user and team were made sure of already. */
class IssuingLookupsTests extends FullStackTest {

    @Test
    void theSecondKeyOfAPersonSkipsTheUserLookUpUntilADayHasPassed() {
        String person = uniquePerson("again");
        PortalClient browser = signedIn(person);
        long userInfo = liteLlm.callCount("/user/info");
        assertThat(browser.post("/keys", form("first")).status()).isEqualTo(200);
        assertThat(liteLlm.callCount("/user/info")).isEqualTo(userInfo + 1);
        assertThat(liteLlm.user(person + "@example.com")).isPresent();

        long generates = liteLlm.callCount("/key/generate");
        assertThat(browser.post("/keys", form("second")).status()).isEqualTo(200);
        assertThat(liteLlm.callCount("/user/info")).isEqualTo(userInfo + 1);
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates + 1);

        jdbc.update("update litellm_ensured set ensured_at = now() - interval '25 hours' where litellm_user_id = ?",
                person + "@example.com");
        assertThat(browser.post("/keys", form("third")).status()).isEqualTo(200);
        assertThat(liteLlm.callCount("/user/info")).isEqualTo(userInfo + 2);
    }

    @Test
    void aLookUpThatFailedIsNotRememberedAndIsMadeAgainNextTime() {
        String person = uniquePerson("flaky");
        PortalClient browser = signedIn(person);
        liteLlm.failAlways("/user/info", Fault.HTTP_500);
        try {
            assertThat(browser.post("/keys", form("refused")).status()).isEqualTo(502);
        } finally {
            liteLlm.clearFaults();
        }
        long userInfo = liteLlm.callCount("/user/info");
        assertThat(browser.post("/keys", form("accepted")).status()).isEqualTo(200);
        assertThat(liteLlm.callCount("/user/info")).isEqualTo(userInfo + 1);
        assertThat(liteLlm.user(person + "@example.com")).isPresent();
    }

    @Test
    void theTeamMembershipIsMadeSureOfOnceToo() {
        jdbc.update("delete from litellm_ensured where litellm_user_id = 'dave@example.com'");
        PortalClient dave = signedIn("dave");
        String alias = uniquePerson("team-a");
        long teamInfo = liteLlm.callCount("/team/info");
        assertThat(dave.post("/keys", form(alias)).status()).isEqualTo(200);
        assertThat(liteLlm.callCount("/team/info")).isEqualTo(teamInfo + 1);
        assertThat(liteLlm.team("research").orElseThrow().toString()).contains("dave@example.com");

        String second = uniquePerson("team-b");
        assertThat(dave.post("/keys", form(second)).status()).isEqualTo(200);
        assertThat(liteLlm.callCount("/team/info")).isEqualTo(teamInfo + 1);

        // leave dave's number of keys as it was for the other tests
        for (String id : jdbc.queryForList("select id::text from issued_key where key_alias in (?, ?)", String.class,
                alias, second)) {
            dave.post("/keys/" + id + "/revoke", Map.of("confirm", List.of("yes")));
        }
    }
}
