package dev.keyportal.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Free text people type (a key's name, a purpose, a reason, a team's name) refuses what looks like a pasted key
 * and invisible formatting characters, with a message beside the field; neither reaches a table or the audit trail.
 */
class FreeTextTests extends FullStackTest {

    /** Shaped like a LiteLLM key: what someone pastes by mistake. */
    private static final String PASTED = "sk-Zq8v" + "T1yLm0pXw4Rk9cJd2Hs7";
    private static final String KEY_MESSAGE = "This looks like an API key";
    private static final String RIGHT_TO_LEFT = "pay\u202Etxt.exe";
    private static final String CHARACTERS_MESSAGE = "control or invisible formatting characters";

    @Test
    void aPastedKeyIsRefusedBesideEveryFreeTextFieldAndStoredNowhere() {
        String person = uniquePerson("paster");
        PortalClient employee = signedIn(person);

        Map<String, List<String>> aliasForm = form(PASTED);
        Page alias = employee.post("/keys", aliasForm);
        assertThat(alias.status()).isEqualTo(422);
        assertThat(alias.body()).contains("id=\"key_alias-error\"");
        assertThat(alias.text()).contains(KEY_MESSAGE);

        Map<String, List<String>> purposeForm = form("pasted-purpose");
        purposeForm.put("purpose", List.of("For the build; the old one was " + PASTED));
        Page purpose = employee.post("/keys", purposeForm);
        assertThat(purpose.status()).isEqualTo(422);
        assertThat(purpose.body()).contains("id=\"purpose-error\"");
        assertThat(purpose.text()).contains(KEY_MESSAGE);

        assertThat(employee.post("/keys", form("kept-key")).status()).isEqualTo(200);
        String keyId = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
        Page budget = employee.post("/keys/" + keyId + "/budget", Map.of("max_budget", List.of("20"),
                "purpose", List.of(PASTED), "submission_id", List.of(UUID.randomUUID().toString())));
        assertThat(budget.uri().getPath()).isEqualTo("/keys/" + keyId);
        assertThat(budget.body()).contains("id=\"budget-purpose-error\"").doesNotContain(PASTED);
        assertThat(budget.text()).contains(KEY_MESSAGE);

        String requestId = askAboveCeiling(employee, "pasted-review", "60");
        PortalClient carol = signedIn("carol");
        Page approve = carol.post("/approvals/" + requestId + "/approve", Map.of("reason", List.of(PASTED)));
        assertThat(approve.status()).isEqualTo(422);
        assertThat(approve.body()).contains("id=\"approve-reason-error\"");
        assertThat(approve.text()).contains(KEY_MESSAGE);
        Page deny = carol.post("/approvals/" + requestId + "/deny", Map.of("reason", List.of("Leaked: " + PASTED)));
        assertThat(deny.status()).isEqualTo(422);
        assertThat(deny.body()).contains("id=\"deny-reason-error\"");
        assertThat(deny.text()).contains(KEY_MESSAGE);
        assertThat(requestStatusById(requestId)).isEqualTo("PENDING_APPROVAL");

        assertThat(carol.post("/admin/keys/" + keyId + "/block", Map.of("reason", List.of(PASTED))).text())
                .contains(KEY_MESSAGE, "Nothing changed");
        String personId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        assertThat(carol.post("/admin/users/" + personId + "/offboard", Map.of("action", List.of("block"),
                "reason", List.of(PASTED))).text()).contains(KEY_MESSAGE, "Nothing changed");
        assertThat(jdbc.queryForObject("select status from issued_key where id = ?::uuid", String.class, keyId))
                .isEqualTo("ACTIVE");

        Page team = carol.post("/admin/policies/teams", Map.of("team", List.of(PASTED)));
        assertThat(team.body()).contains("id=\"team-error\"");
        assertThat(team.text()).contains(KEY_MESSAGE);

        assertThat(jdbc.queryForObject("""
                select count(*) from key_request where key_alias like ? or purpose like ? or decision_reason like ?""",
                Integer.class, "%" + PASTED + "%", "%" + PASTED + "%", "%" + PASTED + "%")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from key_policy where team = ?", Integer.class, PASTED))
                .isZero();
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_event where coalesce(before_value, '') like ? or coalesce(after_value, '')
                like ? or subject_id like ?""", Integer.class, "%" + PASTED + "%", "%" + PASTED + "%",
                "%" + PASTED + "%")).isZero();
    }

    @Test
    void invisibleFormattingCharactersAreRefusedInPurposesAndReasons() {
        String person = uniquePerson("spoofer");
        PortalClient employee = signedIn(person);

        Map<String, List<String>> purposeForm = form("spoofed");
        purposeForm.put("purpose", List.of(RIGHT_TO_LEFT));
        Page purpose = employee.post("/keys", purposeForm);
        assertThat(purpose.status()).isEqualTo(422);
        assertThat(purpose.body()).contains("id=\"purpose-error\"");
        assertThat(purpose.text()).contains(CHARACTERS_MESSAGE);

        String requestId = askAboveCeiling(employee, "spoofed-review", "60");
        PortalClient carol = signedIn("carol");
        Page deny = carol.post("/approvals/" + requestId + "/deny", Map.of("reason", List.of(RIGHT_TO_LEFT)));
        assertThat(deny.status()).isEqualTo(422);
        assertThat(deny.text()).contains(CHARACTERS_MESSAGE);
        Page approve = carol.post("/approvals/" + requestId + "/approve",
                Map.of("reason", List.of("zero\u200Bwidth")));
        assertThat(approve.status()).isEqualTo(422);
        assertThat(approve.text()).contains(CHARACTERS_MESSAGE);
        assertThat(requestStatusById(requestId)).isEqualTo("PENDING_APPROVAL");

        String personId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        assertThat(carol.post("/admin/users/" + personId + "/offboard", Map.of("action", List.of("block"),
                "reason", List.of(RIGHT_TO_LEFT))).text()).contains(CHARACTERS_MESSAGE, "Nothing changed");

        assertThat(jdbc.queryForObject("select count(*) from key_request where purpose like ? or decision_reason like ?",
                Integer.class, "%\u202E%", "%\u202E%")).isZero();
    }

    private String requestStatusById(String id) {
        return jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class, id);
    }
}
