package dev.keyportal.security;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-ins leave a trail: each successful sign-in, each refusal with its reason, roles that changed since the
 * last sign-in, and a person asking for another person's key or request. Refusals and denials repeated within
 * the repeat interval are counted, not written again, so nobody can flood the trail.
 */
class SignInAuditTests extends FullStackTest {

    @Test
    void aSignInIsAuditedAndRolesChangedSinceTheLastOneAreAuditedBeforeAndAfter() {
        String person = uniquePerson("promoted") + "-recreated";
        signIn(person, "[\"portal-approvers\"]");
        String id = idOf(person);

        assertThat(events("user.signed_in", id)).hasSize(1);
        assertThat(events("user.signed_in", id).get(0)).containsEntry("actor_id", java.util.UUID.fromString(id))
                .extractingByKey("after_value").asString().contains("\"subject\":\"" + person + "\"");
        assertThat(events("user.roles_changed", id)).isEmpty();

        signIn(person, "[]");

        assertThat(events("user.signed_in", id)).hasSize(2);
        List<Map<String, Object>> changed = events("user.roles_changed", id);
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0)).containsEntry("before_value", "{\"roles\":\"APPROVER,EMPLOYEE\"}")
                .containsEntry("after_value", "{\"roles\":\"EMPLOYEE\"}");

        signIn(person, "[]");
        assertThat(events("user.roles_changed", id)).as("same roles again: nothing changed").hasSize(1);
    }

    @Test
    void repeatedRefusalsWriteOneEventPerIntervalAndTheNextOneCountsTheRepeats() {
        String person = uniquePerson("conflicted");
        signedIn(person);
        String holder = idOf(person);
        String newSubject = person + "-recreated";

        for (int attempt = 0; attempt < 3; attempt++) {
            Page refused = PortalClient.at(port).signIn(newSubject, claims(person + "@example.com", true, "[]"));
            assertThat(refused.uri().getPath()).isEqualTo("/login/problem");
        }

        List<Map<String, Object>> refusals = events("user.sign_in_refused", holder);
        assertThat(refusals).hasSize(1);
        assertThat((String) refusals.get(0).get("after_value")).contains("\"reason\":\"identity_conflict\"")
                .contains("\"subject\":\"" + newSubject + "\"").contains("\"email\":\"" + person + "@example.com\"")
                .doesNotContain("repeats_since_last");
        assertThat(refusals.get(0).get("actor_id")).isNull();

        // the repeat interval (15 minutes) has passed since that event
        jdbc.update("""
                update audit_repeat set last_recorded_at = last_recorded_at - interval '16 minutes'
                where repeat_key like ?""", "%|" + newSubject);
        PortalClient.at(port).signIn(newSubject, claims(person + "@example.com", true, "[]"));

        refusals = events("user.sign_in_refused", holder);
        assertThat(refusals).hasSize(2);
        assertThat((String) refusals.get(1).get("after_value")).contains("\"repeats_since_last\":2");
        assertThat(jdbc.queryForObject("select attempts from refused_sign_in where subject = ?", Integer.class,
                newSubject)).as("the waiting list counts every attempt").isEqualTo(4);
    }

    @Test
    void anUnverifiedEmailIsRefusedWithItsReasonAndTheIdentityAsSubject() {
        String person = uniquePerson("unverified") + "-recreated";

        PortalClient.at(port).signIn(person, claims(person + "@example.com", false, "[]"));
        PortalClient.at(port).signIn(person, claims(person + "@example.com", false, "[]"));

        List<Map<String, Object>> refusals = jdbc.queryForList("""
                select subject_type, subject_id, after_value from audit_event
                where action = 'user.sign_in_refused' and after_value like ?""", "%\"subject\":\"" + person + "\"%");
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0)).containsEntry("subject_type", "IDENTITY");
        assertThat((String) refusals.get(0).get("subject_id")).hasSize(64);
        assertThat((String) refusals.get(0).get("after_value")).contains("\"reason\":\"unverified_email\"");
    }

    @Test
    void aDisabledPersonsRefusalNamesThemWithTheReason() {
        String person = uniquePerson("switched-off");
        signedIn(person);
        String id = idOf(person);
        jdbc.update("update portal_user set disabled_at = now() where id = ?::uuid", id);

        PortalClient.at(port).signIn(person);
        PortalClient.at(port).signIn(person);

        List<Map<String, Object>> refusals = events("user.sign_in_refused", id);
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0)).containsEntry("actor_id", java.util.UUID.fromString(id));
        assertThat((String) refusals.get(0).get("after_value")).contains("\"reason\":\"disabled\"");
    }

    @Test
    void askingForSomeoneElsesKeyOrRequestIsAuditedOncePerIntervalAndNotShownToTheOwner() {
        String owner = uniquePerson("owner");
        String prober = uniquePerson("prober");
        PortalClient ownerBrowser = signedIn(owner);
        String alias = "probed-" + System.nanoTime();
        ownerBrowser.post("/keys", form(alias));
        String keyId = jdbc.queryForObject("select id::text from issued_key where key_alias = ?", String.class,
                alias);
        String requestId = askAboveCeiling(ownerBrowser, "waiting-" + System.nanoTime(), "100");
        PortalClient other = signedIn(prober);
        String proberId = idOf(prober);

        assertThat(other.get("/keys/" + keyId).status()).isEqualTo(404);
        assertThat(other.get("/keys/" + keyId).status()).isEqualTo(404);
        assertThat(other.post("/keys/" + keyId + "/revoke", Map.of()).status()).isEqualTo(404);
        assertThat(other.get("/requests/" + requestId).status()).isEqualTo(404);
        assertThat(other.post("/requests/" + requestId + "/cancel", Map.of()).status()).isEqualTo(404);
        assertThat(signedIn("bob").get("/approvals/" + requestId).status())
                .as("an approver of another team").isEqualTo(404);

        assertThat(jdbc.queryForList("""
                select subject_type || ' ' || subject_id from audit_event
                where action = 'access.denied' and actor_id = ?::uuid order by id""", String.class, proberId))
                .containsExactly("KEY " + keyId, "REQUEST " + requestId);
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_event e join portal_user u on u.id = e.actor_id
                where e.action = 'access.denied' and u.subject = 'bob' and e.subject_id = ?""", Integer.class,
                requestId)).isEqualTo(1);
        assertThat(ownerBrowser.get("/keys/" + keyId).text()).contains(alias).doesNotContain("access.denied");
        assertThat(ownerBrowser.get("/keys/" + keyId).status()).isEqualTo(200);
    }

    private void signIn(String person, String groups) {
        Page home = PortalClient.at(port).signIn(person, claims(person + "@example.com", true, groups));
        assertThat(home.uri().getPath()).isEqualTo("/");
    }

    private static String claims(String email, boolean verified, String groups) {
        return "{\"email\": \"" + email + "\", \"email_verified\": " + verified + ", \"groups\": " + groups + "}";
    }

    private List<Map<String, Object>> events(String action, String subjectId) {
        return jdbc.queryForList("""
                select actor_id, before_value, after_value from audit_event
                where action = ? and subject_type = 'USER' and subject_id = ? order by id""", action, subjectId);
    }

    private String idOf(String subject) {
        return jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class, subject);
    }
}
