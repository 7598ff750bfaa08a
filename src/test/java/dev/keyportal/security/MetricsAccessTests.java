package dev.keyportal.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/prometheus} answers only the configured scrape credential. */
class MetricsAccessTests extends FullStackTest {

    private static final String PROMETHEUS = "/actuator/prometheus";

    @Test
    void anonymousVisitorsGetNoMetrics() {
        Page page = PortalClient.at(port).getWithoutRedirects(PROMETHEUS);

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(page.body()).doesNotContain("jvm_", "# HELP");
    }

    @Test
    void aWrongPasswordOrASignedInAdminGetsNoMetrics() {
        Page wrong = PortalClient.at(port).getWithoutRedirects(PROMETHEUS, "Authorization", basic("scraper", "guess"));
        Page admin = signedIn("carol").getWithoutRedirects(PROMETHEUS);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(admin.status()).isEqualTo(401);
        assertThat(admin.body()).doesNotContain("jvm_");
    }

    @Test
    void theScrapeCredentialGetsMetricsAndNoSession() {
        Page page = PortalClient.at(port).getWithoutRedirects(PROMETHEUS, "Authorization", METRICS_AUTHORIZATION);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("# HELP", "jvm_memory_used_bytes");
        assertThat(page.header("Set-Cookie")).isNull();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
