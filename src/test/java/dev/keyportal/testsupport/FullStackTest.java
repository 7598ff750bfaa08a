package dev.keyportal.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.keyportal.testsupport.PortalClient.Page;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the full-stack tests: the real portal on a random port, real Postgres, real OIDC login against the
 * demo provider and the LiteLLM stand-in over HTTP. Every subclass shares one Spring context (same
 * configuration), so the suite starts the portal once. Scheduled jobs are off: tests call them directly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.jobs.enabled=false",
        "litellm.read-timeout=1s",
        "litellm.connect-timeout=1s",
        // conditions see only static properties: the SMTP port comes from TestPortalConfiguration
        "spring.mail.host=127.0.0.1",
        // above what the demo people reach in one run of the suite; the rate test itself asks this many
        "portal.keys.max-requests-per-hour=" + FullStackTest.MAX_REQUESTS_PER_HOUR,
        "portal.metrics.username=scraper",
        "portal.metrics.password=" + FullStackTest.METRICS_PASSWORD})
@Import(TestPortalConfiguration.class)
public abstract class FullStackTest {

    /** How many keys a person may ask for within an hour, in the tests. */
    public static final int MAX_REQUESTS_PER_HOUR = 30;

    /** The Prometheus scrape password in the tests (user {@code scraper}). */
    public static final String METRICS_PASSWORD = "metrics-test-password-4711";

    /** The {@code Authorization} header that carries the tests' scrape credential. */
    public static final String METRICS_AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString(("scraper:" + METRICS_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    protected int port;

    @Autowired
    protected LiteLlmStandIn liteLlm;

    @Autowired
    protected JdbcTemplate jdbc;

    @BeforeEach
    void clearFaults() {
        liteLlm.clearFaults();
    }

    @AfterEach
    void clearFaultsAfter() {
        liteLlm.clearFaults();
    }

    /** A fresh person (employee, no team) signed in through the OIDC login form. */
    protected PortalClient signedIn(String username) {
        PortalClient client = PortalClient.at(port);
        client.signIn(username);
        return client;
    }

    /** A username no other test uses, so per-person caps never interfere between tests. */
    protected static String uniquePerson(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static Map<String, List<String>> form(String alias) {
        return PortalClient.keyRequestForm(alias, UUID.randomUUID().toString());
    }

    /** Asks for a key above the auto-approve ceiling, so it waits for approval; the request's id. */
    protected String askAboveCeiling(PortalClient client, String alias, String budget, String... models) {
        Map<String, List<String>> form = form(alias);
        form.put("max_budget", List.of(budget));
        if (models.length > 0) {
            form.put("models", List.of(models));
        }
        Page page = client.post("/keys", form);
        assertThat(page.uri().getPath()).as(page.text()).startsWith("/requests/");
        return page.uri().getPath().substring("/requests/".length());
    }

    /** The status of a person's request for the key with this alias, straight from the database. */
    protected String requestStatus(String alias, String username) {
        return jdbc.queryForObject("""
                select r.status from key_request r join portal_user u on u.id = r.requester_id
                where r.key_alias = ? and u.subject = ?""", String.class, alias, username);
    }

    /** The token hashes of a person's keys, in the order of their aliases. */
    protected List<String> tokenHashesOf(String username) {
        return jdbc.queryForList("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? order by k.key_alias""", String.class, username);
    }
}
