package dev.keyportal.keys;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin blocks or revokes all keys of a person in one audited action. */
class OffboardingTests extends FullStackTest {

    @Test
    void revokingEverythingOfAPersonStopsAllTheirKeys() {
        String person = uniquePerson("leaving");
        PortalClient leaver = signedIn(person);
        String first = plaintext(leaver.post("/keys", form("first")));
        String second = plaintext(leaver.post("/keys", form("second")));
        String personId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        PortalClient carol = signedIn("carol");
        assertThat(carol.get("/admin/users?q=" + person).text()).contains(person + "@example.com");

        Page done = carol.post("/admin/users/" + personId + "/offboard", Map.of("action", List.of("revoke"),
                "reason", List.of("Left the company")));

        assertThat(done.text()).contains("2 key(s) revoked");
        assertThat(liteLlm.chat(first, "gpt-4o-mini").statusCode()).isEqualTo(401);
        assertThat(liteLlm.chat(second, "gpt-4o-mini").statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'user.offboarded'"
                + " and subject_id = ?", Integer.class, personId)).isEqualTo(1);
    }

    @Test
    void blockingEverythingNeedsAReason() {
        String person = uniquePerson("paused");
        PortalClient paused = signedIn(person);
        String key = plaintext(paused.post("/keys", form("pausable")));
        String personId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        PortalClient carol = signedIn("carol");

        assertThat(carol.post("/admin/users/" + personId + "/offboard", Map.of("action", List.of("block")))
                .text()).contains("Nothing changed");
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);

        carol.post("/admin/users/" + personId + "/offboard", Map.of("action", List.of("block"),
                "reason", List.of("Parental leave")));
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(401);
    }

    private String plaintext(Page page) {
        return liteLlm.issuedPlaintexts().stream().filter(page.body()::contains).findFirst().orElseThrow();
    }
}
