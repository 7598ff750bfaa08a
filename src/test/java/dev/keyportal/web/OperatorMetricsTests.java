package dev.keyportal.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator charts: answers to key forms by outcome and reason, LiteLLM calls by endpoint and outcome, how
 * long approvals take, job lag; and a request id on every response.
 */
class OperatorMetricsTests extends FullStackTest {

    @Test
    void issuedRefusedAndFailedKeysAreCountedByReason() {
        PortalClient person = signedIn(uniquePerson("metrics"));
        double issuedBefore = value("keyportal_requests_total", "action=\"new\"", "outcome=\"issued\"");
        double refusedBefore = value("keyportal_requests_total", "outcome=\"refused\"", "reason=\"max_budget\"");
        double failedBefore = value("keyportal_requests_total", "outcome=\"failed\"", "reason=\"unauthorized\"");
        double unknownBefore = value("keyportal_requests_total", "outcome=\"outcome_unknown\"",
                "reason=\"server_error\"");
        double generateCallsBefore = value("keyportal_litellm_calls_seconds_count", "uri=\"/key/generate\"",
                "outcome=\"SUCCESS\"");

        Page issued = person.post("/keys", form("metrics-ok-" + System.nanoTime()));
        Map<String, List<String>> tooMuch = form("metrics-big-" + System.nanoTime());
        tooMuch.put("max_budget", List.of("5000"));
        Page refused = person.post("/keys", tooMuch);
        liteLlm.failNext("/key/generate", Fault.HTTP_401);
        person.post("/keys", form("metrics-fail-" + System.nanoTime()));
        liteLlm.failNext("/key/generate", Fault.HTTP_500);
        person.post("/keys", form("metrics-lost-" + System.nanoTime()));

        assertThat(issued.status()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"max_budget-error\"");
        String scrape = scrape();
        assertThat(sample(scrape, "keyportal_requests_total", "action=\"new\"", "outcome=\"issued\""))
                .isEqualTo(issuedBefore + 1);
        assertThat(sample(scrape, "keyportal_requests_total", "outcome=\"refused\"", "reason=\"max_budget\""))
                .isEqualTo(refusedBefore + 1);
        assertThat(sample(scrape, "keyportal_requests_total", "outcome=\"failed\"", "reason=\"unauthorized\""))
                .isEqualTo(failedBefore + 1);
        assertThat(sample(scrape, "keyportal_requests_total", "outcome=\"outcome_unknown\"",
                "reason=\"server_error\"")).isEqualTo(unknownBefore + 1);
        assertThat(sample(scrape, "keyportal_litellm_calls_seconds_count", "uri=\"/key/generate\"",
                "outcome=\"SUCCESS\"")).isEqualTo(generateCallsBefore + 1);
        assertThat(sample(scrape, "keyportal_litellm_calls_seconds_count", "uri=\"/key/generate\"",
                "outcome=\"SERVER_ERROR\"")).isGreaterThanOrEqualTo(1);
        // the figures name endpoints, never a key or the master key
        assertThat(scrape).doesNotContain("sk-").doesNotContain(liteLlm.issuedPlaintexts().toArray(String[]::new));
        assertThat(scrape).contains("keyportal_requests_waiting", "keyportal_issuing_unsettled",
                "keyportal_spend_sync_lag_seconds", "keyportal_job_last_start_age_seconds{job=\"spend-sync\"}");
    }

    @Test
    void approvalWaitingTimeIsRecordedPerDecision() {
        PortalClient alice = signedIn("alice");
        String id = askAboveCeiling(alice, "metrics-wait-" + System.nanoTime(), "100");
        double approvedBefore = value("keyportal_approval_wait_seconds_count", "decision=\"approved\"");

        signedIn("bob").post("/approvals/" + id + "/approve", Map.of("max_budget", List.of("40"),
                "reason", List.of("Fine")));

        assertThat(value("keyportal_approval_wait_seconds_count", "decision=\"approved\"")).isEqualTo(approvedBefore + 1);
    }

    @Test
    void everyResponseCarriesARequestIdAndAPlainOneFromAProxyIsKept() {
        PortalClient visitor = PortalClient.at(port);

        Page fresh = visitor.getWithoutRedirects("/actuator/health");
        Page forwarded = visitor.getWithoutRedirects("/actuator/health", "X-Request-Id", "edge-4711.a_b");
        Page forged = visitor.getWithoutRedirects("/actuator/health", "X-Request-Id", "x\" injected=\"1");

        assertThat(UUID.fromString(fresh.header("X-Request-Id"))).isNotNull();
        assertThat(forwarded.header("X-Request-Id")).isEqualTo("edge-4711.a_b");
        assertThat(UUID.fromString(forged.header("X-Request-Id"))).isNotNull();
    }

    private String scrape() {
        Page page = PortalClient.at(port).getWithoutRedirects("/actuator/prometheus", "Authorization",
                METRICS_AUTHORIZATION);
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    private double value(String name, String... tags) {
        return sample(scrape(), name, tags);
    }

    /** The sample of {@code name} whose labels include every one of {@code tags}; 0 when there is none yet. */
    static double sample(String scrape, String name, String... tags) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> List.of(tags).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
