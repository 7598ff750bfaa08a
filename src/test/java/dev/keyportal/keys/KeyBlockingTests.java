package dev.keyportal.keys;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Admins block and unblock keys with a reason; LiteLLM enforces it at once. */
class KeyBlockingTests extends FullStackTest {

    @Test
    void adminBlocksAndUnblocksAKeyWithAReason() {
        String person = uniquePerson("blocked");
        PortalClient owner = signedIn(person);
        Page issued = owner.post("/keys", form("blockable"));
        String key = liteLlm.issuedPlaintexts().stream().filter(issued.body()::contains).findFirst().orElseThrow();
        String id = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
        PortalClient carol = signedIn("carol");
        assertThat(carol.get("/admin/keys").text()).contains("blockable");

        Page noReason = carol.post("/admin/keys/" + id + "/block", Map.of("reason", List.of(" ")));
        assertThat(noReason.text()).contains("Give a reason");
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);

        Page blocked = carol.post("/admin/keys/" + id + "/block", Map.of("reason", List.of("Leaked in a log")));
        assertThat(blocked.text()).contains("is blocked");
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(401);
        assertThat(owner.get("/keys").text()).contains("BLOCKED");

        carol.post("/admin/keys/" + id + "/unblock", Map.of("reason", List.of("Rotated the log")));
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("select action from audit_event where subject_id = ? order by id", String.class,
                id)).containsExactly("key.issued", "key.blocked", "key.unblocked");
        assertThat(jdbc.queryForObject("select after_value from audit_event where subject_id = ? and action ="
                + " 'key.blocked'", String.class, id)).contains("Leaked in a log");
        assertThat(owner.get("/keys/" + id).text()).contains("History", "request submitted", "key issued",
                "key blocked by Carol Clark", "key unblocked");
    }

    @Test
    void blockingAKeyThatIsNoLongerLiveSaysSoInsteadOfFailing() {
        String person = uniquePerson("gone");
        PortalClient owner = signedIn(person);
        owner.post("/keys", form("gone-already"));
        String id = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                String.class, person);
        owner.post("/keys/" + id + "/revoke", Map.of("confirm", List.of("yes")));
        PortalClient carol = signedIn("carol");

        for (String action : List.of("block", "unblock")) {
            Page page = carol.post("/admin/keys/" + id + "/" + action, Map.of("reason", List.of("Leaked")));
            assertThat(page.status()).as(action).isEqualTo(200);
            assertThat(page.text()).as(action).contains("gone-already", "is revoked", "only a live key can be",
                    "Nothing changed");
        }
        assertThat(jdbc.queryForList("select action from audit_event where subject_id = ? order by id",
                String.class, id)).doesNotContain("key.blocked", "key.unblocked");
    }

    @Test
    void employeesAndApproversCannotBlock() {
        PortalClient bob = signedIn("bob");
        assertThat(bob.get("/admin/keys").status()).isEqualTo(403);
        assertThat(bob.post("/admin/keys/00000000-0000-0000-0000-000000000000/block",
                Map.of("reason", List.of("x"))).status()).isEqualTo(403);
    }
}
