package dev.keyportal.keys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys changed in LiteLLM outside the portal: the periodic reconciliation notices and follows. */
class KeyReconciliationTests extends FullStackTest {

    @Autowired
    KeyReconciliation reconciliation;

    @Test
    void followsKeysDeletedBlockedOrRebudgetedInLiteLlm() throws Exception {
        String person = uniquePerson("outside");
        PortalClient browser = signedIn(person);
        browser.post("/keys", form("deleted-there"));
        browser.post("/keys", form("blocked-there"));
        browser.post("/keys", form("rebudgeted-there"));
        browser.post("/keys", form("extended-there"));
        browser.post("/keys", form("unexpiring-there"));
        adminCall("/key/delete", "{\"keys\": [\"" + hashOf(person, "deleted-there") + "\"]}");
        adminCall("/key/block", "{\"key\": \"" + hashOf(person, "blocked-there") + "\"}");
        adminCall("/key/update", "{\"key\": \"" + hashOf(person, "rebudgeted-there") + "\", \"max_budget\": 3.5}");
        adminCall("/key/update", "{\"key\": \"" + hashOf(person, "extended-there") + "\", \"duration\": \"90d\"}");
        adminCall("/key/update", "{\"key\": \"" + hashOf(person, "unexpiring-there") + "\", \"duration\": \"-1\"}");

        assertThat(reconciliation.reconcile()).isGreaterThanOrEqualTo(5);

        assertThat(status(person, "deleted-there")).isEqualTo("REVOKED");
        assertThat(status(person, "blocked-there")).isEqualTo("BLOCKED");
        assertThat(jdbc.queryForObject("""
                select k.max_budget from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = 'rebudgeted-there'""", Double.class, person)).isEqualTo(3.5);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'key.changed_outside'"
                + " and actor_name = 'reconciliation'", Integer.class)).isGreaterThanOrEqualTo(5);
        assertThat(jdbc.queryForObject("""
                select extract(day from k.expires_at - now())::int from issued_key k
                join portal_user u on u.id = k.owner_id where u.subject = ? and k.key_alias = 'extended-there'""",
                Integer.class, person)).isBetween(89, 90);
        assertThat(jdbc.queryForObject("""
                select k.expires_at from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = 'unexpiring-there'""", java.sql.Timestamp.class, person))
                .isNull();
        assertThat(reconciliation.reconcile()).as("nothing moved since").isZero();
        assertThat(browser.get("/keys").text()).contains("BLOCKED", "Revoked and rotated keys");
    }

    @Test
    void liteLlmDownForTheReconcilerChangesNothing() {
        String person = uniquePerson("patient");
        signedIn(person).post("/keys", form("kept"));
        liteLlm.failAlways("/key/list", Fault.HTTP_500);

        reconciliation.reconcile();

        assertThat(status(person, "kept")).isEqualTo("ACTIVE");
    }

    private String status(String person, String alias) {
        return jdbc.queryForObject("""
                select k.status from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = ?""", String.class, person, alias);
    }

    private String hashOf(String person, String alias) {
        return jdbc.queryForObject("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = ?""", String.class, person, alias);
    }

    /** What an admin does in LiteLLM's own UI, behind the portal's back. */
    private void adminCall(String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(liteLlm.baseUrl() + path))
                .header("Authorization", "Bearer " + TestPortalConfiguration.MASTER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
