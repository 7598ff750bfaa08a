package dev.keyportal.web;

import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** LiteLLM not reachable at all (connection refused): people get a page that says so, nothing is stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.jobs.enabled=false", "litellm.url=http://127.0.0.1:9", "litellm.connect-timeout=1s"})
@Import(TestPortalConfiguration.class)
class LiteLlmDownTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void signingInAndTheHomePageStillWork() {
        PortalClient browser = PortalClient.at(port);

        Page home = browser.signIn("down-home");

        assertThat(home.text()).contains("Hello, down-home", "No keys yet");
    }

    @Test
    void requestFormSaysLiteLlmCannotBeReachedAndNothingIsSubmitted() {
        PortalClient browser = PortalClient.at(port);
        browser.signIn("down-form");

        Page form = browser.get("/keys/new");
        Page submit = browser.post("/keys", PortalClient.keyRequestForm("never", java.util.UUID.randomUUID().toString()));

        for (Page page : java.util.List.of(form, submit)) {
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.text()).contains("LiteLLM could not be reached", "Nothing was submitted");
            assertThat(page.body()).doesNotContain("Exception", TestPortalConfiguration.MASTER_KEY);
        }
        assertThat(jdbc.queryForObject("select count(*) from key_request where key_alias = 'never'", Integer.class))
                .isZero();
    }
}
