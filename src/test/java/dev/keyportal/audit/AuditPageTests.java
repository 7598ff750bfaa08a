package dev.keyportal.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /admin/audit}: who may see it, paging, filters, before and after, and the exports an auditor verifies. */
class AuditPageTests extends FullStackTest {

    private static final Pattern EVENT_ROW = Pattern.compile("id=\"event-(\\d+)\"");
    private static final Pattern OLDER = Pattern.compile("href=\"([^\"]*)\" id=\"older\"");
    private static final Pattern NEWER = Pattern.compile("href=\"([^\"]*)\" id=\"newer\"");

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void onlyAdminsSeeTheTrailOrExportIt() {
        PortalClient employee = signedIn(uniquePerson("curious"));
        assertThat(employee.get("/admin/audit").status()).isEqualTo(403);
        assertThat(employee.get("/admin/audit/export.csv").status()).isEqualTo(403);
        assertThat(employee.get("/admin/audit/export.jsonl").status()).isEqualTo(403);

        Page admin = signedIn("carol").get("/admin/audit");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("href=\"/admin/audit\">Audit trail</a>");
        assertThat(admin.text()).contains("Verifying an export offline");
    }

    @Test
    void pagesNewestFirstByIdWithoutGapsOrRepeats() {
        UUID request = UUID.randomUUID();
        record(120, request, "test.paging");
        PortalClient admin = signedIn("carol");

        Page first = admin.get("/admin/audit?request=" + request);
        List<Long> seen = new ArrayList<>(ids(first));
        assertThat(seen).hasSize(AuditBrowser.PAGE_SIZE);
        assertThat(first.body()).doesNotContain("id=\"newer\"");
        Page second = admin.get(link(OLDER, first));
        seen.addAll(ids(second));
        Page third = admin.get(link(OLDER, second));
        seen.addAll(ids(third));

        assertThat(ids(third)).hasSize(20);
        assertThat(third.body()).doesNotContain("id=\"older\"");
        assertThat(seen).hasSize(120).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(ids(admin.get(link(NEWER, third)))).isEqualTo(ids(second));
        assertThat(ids(admin.get(link(NEWER, second)))).isEqualTo(ids(first));
    }

    @Test
    void filtersByPersonActionOutcomeAndDaysAndLinksEachSubject() {
        String person = uniquePerson("filtered");
        PortalClient client = signedIn(person);
        client.post("/keys", form("filtered-key"));
        UUID personId = jdbc.queryForObject("select id from portal_user where subject = ?", UUID.class, person);
        UUID keyId = jdbc.queryForObject("select id from issued_key where owner_id = ?", UUID.class, personId);
        UUID requestId = jdbc.queryForObject("select id from key_request where requester_id = ?", UUID.class,
                personId);
        PortalClient admin = signedIn("carol");

        Page theirs = admin.get("/admin/audit?person=" + personId);
        assertThat(theirs.text()).contains("request.submitted", "key.issued", "user.registered", "user.signed_in");
        assertThat(theirs.body()).contains("href=\"/keys/" + keyId + "\"", "href=\"/requests/" + requestId + "\"",
                "href=\"/admin/spend?person=" + personId + "\"");
        assertThat(theirs.text()).containsPattern("key\\.issued succeeded.*request\\.submitted.*user\\.registered");

        Page issued = admin.get("/admin/audit?person=" + personId + "&action=key.issued");
        assertThat(ids(issued)).hasSize(1);
        Page key = admin.get("/admin/audit?key=" + keyId);
        assertThat(ids(key)).hasSize(1);
        assertThat(key.body()).contains("<code>key.issued</code>");
        assertThat(ids(admin.get("/admin/audit?request=" + requestId))).hasSize(2);

        Page refused = admin.get("/admin/audit?person=" + personId + "&outcome=refused");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).contains("No event matches these filters");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // user.registered, user.signed_in, request.submitted, key.issued
        assertThat(ids(admin.get("/admin/audit?person=" + personId + "&from=" + today + "&to=" + today))).hasSize(4);
        assertThat(ids(admin.get("/admin/audit?person=" + personId + "&from=" + today.plusDays(1)))).isEmpty();
        assertThat(ids(admin.get("/admin/audit?person=" + personId + "&to=" + today.minusDays(1)))).isEmpty();
    }

    @Test
    void aChangeShowsItsBeforeAndAfterValuesSideBySide() {
        UUID request = UUID.randomUUID();
        transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(null, "tester", "key.blocked", "KEY",
                UUID.randomUUID(), request, Map.of("status", "ACTIVE", "max_budget", 10),
                Map.of("status", "BLOCKED", "max_budget", 10, "reason", "left the company"))));

        Page page = signedIn("carol").get("/admin/audit?request=" + request);

        assertThat(page.text()).contains("Field Before After", "max_budget 10 10", "reason — left the company",
                "status ACTIVE BLOCKED");
        assertThat(page.body()).containsPattern("class=\"table-warning\">\\s*<th scope=\"row\">status</th>");
    }

    @Test
    void filtersThatCannotBeReadAreNamedAndNothingIsShown() {
        PortalClient admin = signedIn("carol");

        Page page = admin.get("/admin/audit?person=alice&key=12&from=2026-13-01&to=2026-01-01&outcome=maybe");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.text()).contains("Person must be a portal id", "Key must be a key's id",
                "Write the day as year-month-day", "Outcome must be one of succeeded, refused, failed")
                .doesNotContain("No event matches");
        assertThat(ids(page)).isEmpty();
        assertThat(admin.get("/admin/audit?from=2026-03-02&to=2026-03-01").text())
                .contains("The last day comes before the first day (2026-03-02)");
        Page export = admin.get("/admin/audit/export.csv?request=nope");
        assertThat(export.status()).isEqualTo(400);
        assertThat(export.body()).contains("Request must be a request's id");
        assertThat(admin.get("/admin/audit/export.xml").status()).isEqualTo(400);
    }

    @Test
    void exportsTheFilteredEventsOldestFirstWithHashesThatVerify() {
        UUID request = UUID.randomUUID();
        record(3, request, "test.export");
        transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(null, "=cmd|' /C calc'!A0",
                "test.export", "TEST", "x", request, null, Map.of("note", "a \"quoted\", comma"))));
        PortalClient admin = signedIn("carol");

        Page jsonl = admin.get("/admin/audit/export.jsonl?request=" + request);
        assertThat(jsonl.status()).isEqualTo(200);
        assertThat(jsonl.header("Content-Disposition")).startsWith("attachment; filename=\"audit-");
        List<JsonNode> lines = jsonl.body().lines().map(line -> JsonMapper.builder().build().readTree(line)).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).extracting(line -> line.get("id").asLong()).isSorted();
        for (JsonNode line : lines) {
            assertThat(AuditTrail.hash(line.get("prev_hash").asString(),
                    Instant.parse(line.get("occurred_at").asString()), uuid(line.get("actor_id")),
                    line.get("actor_name").asString(), line.get("action").asString(),
                    line.get("subject_type").asString(), line.get("subject_id").asString(),
                    uuid(line.get("request_id")), text(line.get("before_value")), text(line.get("after_value"))))
                    .isEqualTo(line.get("hash").asString());
        }

        Page csv = admin.get("/admin/audit/export.csv?request=" + request);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).isEqualTo("\"id\",\"occurred_at\",\"actor_id\",\"actor_name\",\"action\","
                + "\"subject_type\",\"subject_id\",\"request_id\",\"before_value\",\"after_value\",\"outcome\","
                + "\"prev_hash\",\"hash\"");
        assertThat(rows.get(4)).contains("\"'=cmd|' /C calc'!A0\"", "\"{\"\"note\"\":\"\"a \\\"\"quoted\\\"\", comma\"\"}\"",
                lines.get(3).get("hash").asString());
    }

    private void record(int count, UUID request, String action) {
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                audit.record(AuditEntry.of(null, "tester", action, "TEST", i, request, null, Map.of("n", i)));
            }
        });
    }

    private static List<Long> ids(Page page) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = EVENT_ROW.matcher(page.body());
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }

    private static String link(Pattern pattern, Page page) {
        Matcher matcher = pattern.matcher(page.body());
        assertThat(matcher.find()).as("link %s on %s", pattern, page.uri()).isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    private static UUID uuid(JsonNode node) {
        return node == null || node.isNull() ? null : UUID.fromString(node.asString());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
