package dev.keyportal.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code deploy/} use only metrics the portal really
 * serves: after a key is issued and a request decided, every metric they name is in {@code /actuator/prometheus}.
 */
class ObservabilityDeployTests extends FullStackTest {

    /** The metric names in a PromQL expression (the portal's own, and the JVM and HTTP ones Spring Boot adds). */
    private static final Pattern METRIC = Pattern.compile("\\b(?:keyportal|jvm|http_server|process)_[a-z0-9_]+");

    @Test
    void everyMetricTheDashboardAndTheAlertsUseExists() throws IOException {
        List<String> dashboard = dashboardExpressions();
        List<String> alerts = alertExpressions();
        PortalClient alice = signedIn("alice");
        alice.post("/keys", form("observed-" + System.nanoTime()));
        String id = askAboveCeiling(alice, "observed-big-" + System.nanoTime(), "100");
        signedIn("bob").post("/approvals/" + id + "/deny", Map.of("reason", List.of("Not this month")));
        Page scrape = PortalClient.at(port).getWithoutRedirects("/actuator/prometheus", "Authorization",
                METRICS_AUTHORIZATION);

        Set<String> served = new TreeSet<>();
        scrape.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).forEach(served::add);
        assertThat(dashboard).hasSizeGreaterThan(10);
        assertThat(alerts).hasSizeGreaterThan(4);
        Set<String> used = metrics(dashboard);
        used.addAll(metrics(alerts));
        assertThat(used).contains("keyportal_requests_total", "keyportal_litellm_up", "keyportal_spend_sync_lag_seconds",
                "keyportal_issuing_unsettled", "keyportal_litellm_calls_seconds_bucket");
        assertThat(served).as("metrics the portal serves").containsAll(used);
    }

    @Test
    void theAlertsCoverWhatOperatorsMustHear() throws IOException {
        List<Map<String, Object>> rules = rules();

        assertThat(rules).extracting(rule -> rule.get("alert")).contains("LiteLlmUnreachable", "SpendSyncLagging",
                "ReconcilerBacklog", "AuditChainBroken");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule).containsKeys("expr", "for", "labels", "annotations");
            assertThat(((Map<?, ?>) rule.get("annotations")).get("summary")).asString().isNotBlank();
        });
    }

    private static Set<String> metrics(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build()
                .readTree(Files.readString(Path.of("deploy/grafana/dashboards/key-portal.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("title").asString("")).as("every panel has a title").isNotBlank();
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        return expressions;
    }

    private static List<String> alertExpressions() throws IOException {
        return rules().stream().map(rule -> String.valueOf(rule.get("expr"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(Path.of("deploy/prometheus/alerts.yml")));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }
}
