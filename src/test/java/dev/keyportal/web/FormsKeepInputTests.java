package dev.keyportal.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every form that comes back with an error keeps what the person typed, with the message beside the field that
 * needs a change: for a value that could not be read, for one the form refuses, and for one the policy refuses.
 */
class FormsKeepInputTests extends FullStackTest {

    @Test
    void theRequestFormKeepsAnUnreadableBudgetAndEverythingElseTyped() {
        PortalClient person = signedIn(uniquePerson("typed"));
        Map<String, List<String>> form = form("my laptop");
        form.put("max_budget", List.of("twelve"));
        form.put("rpm_limit", List.of("75"));
        form.put("models", new ArrayList<>(List.of("gpt-4o-mini", "claude-haiku")));
        form.put("purpose", List.of("Notes & summaries <b>fast</b>"));

        Page page = person.post("/keys", form);

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"max_budget-error\"", "value=\"twelve\"", "value=\"my laptop\"",
                "value=\"75\"", "Notes &amp; summaries &lt;b&gt;fast&lt;/b&gt;</textarea>");
        assertThat(checked(page, "model-gpt-4o-mini")).isTrue();
        assertThat(checked(page, "model-claude-haiku")).isTrue();
        assertThat(checked(page, "model-gpt-4o")).isFalse();
        assertThat(page.text()).contains("Enter a number such as 25 or 25.50");
    }

    @Test
    void theRequestFormKeepsAValueThePolicyRefusesWithThePolicysMessage() {
        PortalClient person = signedIn(uniquePerson("bound"));
        Map<String, List<String>> form = form("too-much");
        form.put("max_budget", List.of("600"));

        Page page = person.post("/keys", form);

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"max_budget-error\"", "value=\"600\"", "value=\"too-much\"");
        assertThat(page.text()).contains("At most $500.00.");
    }

    @Test
    void theApprovalFormKeepsTheApproversValuesAndNote() {
        String requester = uniquePerson("asks");
        PortalClient asking = signedIn(requester);
        String id = askAboveCeiling(asking, "big", "60");
        PortalClient carol = signedIn("carol");

        Page unreadable = carol.post("/approvals/" + id + "/approve", Map.of("models", List.of("gpt-4o-mini"),
                "max_budget", List.of("forty"), "rpm_limit", List.of("30"), "reason", List.of("Half for now")));
        assertThat(unreadable.status()).isEqualTo(422);
        assertThat(unreadable.body()).contains("id=\"grant-max_budget-error\"", "value=\"forty\"", "value=\"30\"",
                "Half for now</textarea>");

        Page aboveAsked = carol.post("/approvals/" + id + "/approve", Map.of("models", List.of("gpt-4o-mini"),
                "max_budget", List.of("80"), "reason", List.of("More than asked")));
        assertThat(aboveAsked.status()).isEqualTo(422);
        assertThat(aboveAsked.body()).contains("id=\"grant-max_budget-error\"", "value=\"80\"",
                "More than asked</textarea>");
        assertThat(aboveAsked.text()).contains("At most what was asked (60");
        assertThat(jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class, id))
                .isEqualTo("PENDING_APPROVAL");

        String tooLong = "x".repeat(1001);
        Page deny = carol.post("/approvals/" + id + "/deny", Map.of("reason", List.of(tooLong)));
        assertThat(deny.status()).isEqualTo(422);
        assertThat(deny.body()).contains("id=\"deny-reason-error\"", tooLong + "</textarea>");
    }

    @Test
    void theBudgetFormKeepsWhatWasTypedAfterTheRedirect() {
        String owner = uniquePerson("grows");
        PortalClient person = signedIn(owner);
        assertThat(person.post("/keys", form("grower")).status()).isEqualTo(200);
        String keyId = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = 'grower'""", String.class, owner);

        Page page = person.post("/keys/" + keyId + "/budget", Map.of("max_budget", List.of("lots"),
                "purpose", List.of("A bigger evaluation"), "submission_id", List.of(UUID.randomUUID().toString())));

        assertThat(page.uri().getPath()).isEqualTo("/keys/" + keyId);
        assertThat(page.body()).contains("id=\"new-budget-error\"", "value=\"lots\"",
                "value=\"A bigger evaluation\"");
    }

    @Test
    void theTeamOverrideFormKeepsARefusedName() {
        PortalClient carol = signedIn("carol");
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("team", List.of("research\u202Eteam"));

        Page page = carol.post("/admin/policies/teams", form);

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"team-error\"", "value=\"research\u202Eteam\"");
    }

    private static boolean checked(Page page, String id) {
        int at = page.body().indexOf("id=\"" + id + "\"");
        assertThat(at).as(id + " on the page").isNotNegative();
        int start = page.body().lastIndexOf("<input", at);
        String tag = page.body().substring(start, page.body().indexOf('>', at) + 1);
        return tag.matches("(?s).*\\schecked(=\"checked\")?[\\s>/].*");
    }
}
