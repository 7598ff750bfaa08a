package dev.keyportal.security;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offboarding ends access: a disabled person has no session, no waiting request and no sign-in until enabled. A
 * session carries no roles of its own, and it ends after its absolute lifetime.
 */
class DisabledPersonTests extends FullStackTest {

    private static final String SESSIONS = "select count(*) from spring_session where principal_name = ?";

    @Test
    void offboardingEndsEverySessionCancelsWaitingRequestsAndRefusesSignInUntilEnabled() {
        String person = uniquePerson("offboarded");
        PortalClient laptop = signedIn(person);
        PortalClient phone = signedIn(person);
        String waiting = askAboveCeiling(laptop, "waiting-" + System.nanoTime(), "100");
        String personId = idOf(person);
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isEqualTo(2);
        PortalClient carol = signedIn("carol");

        Page done = carol.post("/admin/users/" + personId + "/offboard", Map.of("action", List.of("block"),
                "reason", List.of("Left the company")));

        assertThat(done.text()).contains("disabled and signed out");
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isZero();
        for (PortalClient browser : List.of(laptop, phone)) {
            assertThat(browser.getWithoutRedirects("/keys").status()).isEqualTo(302);
        }
        int requests = requestCount(personId);
        phone.post("/keys", form("after-offboarding"));
        assertThat(requestCount(personId)).isEqualTo(requests);
        assertThat(jdbc.queryForMap("select status, outcome_message from key_request where id = ?::uuid", waiting))
                .containsEntry("status", "CANCELLED");
        assertThat(jdbc.queryForObject("""
                select actor_name from audit_event where action = 'request.cancelled' and request_id = ?::uuid""",
                String.class, waiting)).isEqualTo("Carol Clark");

        Page refused = PortalClient.at(port).signIn(person);
        assertThat(refused.uri().getPath()).isEqualTo("/login/problem");
        assertThat(refused.text()).contains("switched off by a portal administrator");
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isZero();
        assertThat(audited("user.disabled", personId)).containsExactly("Left the company");
        assertThat(audited("user.sign_in_refused", personId)).hasSize(1);

        Page noReason = carol.post("/admin/users/" + personId + "/enable", Map.of());
        assertThat(noReason.text()).contains("Nothing changed");
        assertThat(PortalClient.at(port).signIn(person).uri().getPath()).isEqualTo("/login/problem");

        carol.post("/admin/users/" + personId + "/enable", Map.of("reason", List.of("Came back")));

        Page back = PortalClient.at(port).signIn(person);
        assertThat(back.uri().getPath()).isEqualTo("/");
        assertThat(audited("user.enabled", personId)).containsExactly("Came back");
    }

    @Test
    void aSessionOfAPersonDisabledMeanwhileEndsOnItsNextRequestWithThePageThatSaysWhy() {
        String person = uniquePerson("switched-off");
        PortalClient browser = signedIn(person);
        jdbc.update("update portal_user set disabled_at = now() where subject = ?", person);

        Page next = browser.get("/keys");

        assertThat(next.uri().getPath()).isEqualTo("/login/problem");
        assertThat(next.text()).contains("switched off by a portal administrator");
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isZero();
    }

    @Test
    void anApproverWhoseRoleWasRemovedCannotDecideWithTheSessionHeStillHas() {
        PortalClient bob = signedIn("bob");
        PortalClient dave = signedIn("dave");
        String id = askAboveCeiling(dave, "role-check-" + System.nanoTime(), "100");
        assertThat(bob.get("/approvals").status()).isEqualTo(200);
        try {
            // as his next sign-in without the approvers' group would store it
            jdbc.update("update portal_user set roles = 'EMPLOYEE' where subject = 'bob'");

            Page approve = bob.post("/approvals/" + id + "/approve", Map.of("max_budget", List.of("100"),
                    "reason", List.of("Fine")));

            assertThat(approve.status()).isEqualTo(403);
            assertThat(bob.get("/approvals").status()).isEqualTo(403);
            assertThat(bob.get("/keys").status()).isEqualTo(200);
            assertThat(jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class, id))
                    .isEqualTo("PENDING_APPROVAL");
        } finally {
            jdbc.update("update portal_user set roles = 'APPROVER,EMPLOYEE' where subject = 'bob'");
            dave.post("/requests/" + id + "/cancel", Map.of());
        }
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusyItIs() {
        String person = uniquePerson("long-day");
        PortalClient browser = signedIn(person);
        String signedInHoursAgo = """
                update spring_session set creation_time = (extract(epoch from now()) * 1000)::bigint - ? * 3600000
                where principal_name = ?""";

        jdbc.update(signedInHoursAgo, 11, person);
        assertThat(browser.getWithoutRedirects("/keys").status()).isEqualTo(200);

        jdbc.update(signedInHoursAgo, 13, person);
        Page late = browser.getWithoutRedirects("/keys");

        assertThat(late.status()).isEqualTo(302);
        assertThat(late.header("Location")).endsWith("/oauth2/authorization/sso");
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isZero();
    }


    private String idOf(String person) {
        return jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class, person);
    }

    private int requestCount(String personId) {
        return jdbc.queryForObject("select count(*) from key_request where requester_id = ?::uuid", Integer.class,
                personId);
    }

    private List<String> audited(String action, String personId) {
        return jdbc.queryForList("""
                select coalesce(after_value::jsonb ->> 'reason', '') from audit_event
                where action = ? and subject_id = ? order by id""", String.class, action, personId);
    }
}
