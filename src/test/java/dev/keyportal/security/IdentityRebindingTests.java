package dev.keyportal.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After an identity-provider move (a new subject for the same verified email) sign-in is refused as an identity
 * conflict; admins see who is waiting on the people page and re-bind the person's record to the new identity,
 * after which the person signs in with it and keeps their keys.
 */
class IdentityRebindingTests extends FullStackTest {

    /** Signs in as a new subject the identity provider gave {@code person} (their email, a new subject). */
    private Page signInAsRecreated(PortalClient browser, String person, String newSubject) {
        return browser.signIn(newSubject, "{\"email\": \"" + person + "@example.com\", \"email_verified\": true,"
                + " \"name\": \"" + person + " (moved)\"}");
    }

    @Test
    void aRecreatedPersonIsRefusedListedReboundByAnAdminAndThenSignsInWithTheirKeys() {
        String person = uniquePerson("moved");
        PortalClient before = signedIn(person);
        String alias = "kept-" + System.nanoTime();
        before.post("/keys", form(alias));
        String personId = idOf(person);
        String newSubject = person + "-recreated";

        Page refused = signInAsRecreated(PortalClient.at(port), person, newSubject);
        Page again = signInAsRecreated(PortalClient.at(port), person, newSubject);

        assertThat(refused.uri().getPath()).isEqualTo("/login/problem");
        assertThat(again.text()).contains("already bound to a different sign-in identity")
                .contains("can move your record");
        assertThat(jdbc.queryForMap("""
                select count(*) as rows, max(attempts) as attempts, max(reason) as reason from refused_sign_in
                where subject = ?""", newSubject))
                .containsEntry("rows", 1L).containsEntry("attempts", 2).containsEntry("reason", "identity_conflict");

        PortalClient carol = signedIn("carol");
        Page people = carol.get("/admin/users");
        String waiting = people.body().substring(people.body().indexOf("id=\"waiting\""));
        assertThat(waiting).contains(newSubject).contains(person + "@example.com").contains("Identity conflict")
                .contains("/admin/users/" + personId + "/rebind?refusal=");
        String refusalId = jdbc.queryForObject("select id::text from refused_sign_in where subject = ?",
                String.class, newSubject);

        Page confirm = carol.get("/admin/users/" + personId + "/rebind?refusal=" + refusalId);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(between(confirm.body(), "id=\"old-identity\"", "</dl>")).contains(person).doesNotContain(newSubject);
        assertThat(between(confirm.body(), "id=\"new-identity\"", "</dl>")).contains(newSubject)
                .contains(person + " (moved)");

        Page done = carol.post("/admin/users/" + personId + "/rebind", rebind(newSubject, "Identity provider moved"));

        assertThat(done.uri().getPath()).isEqualTo("/admin/users");
        assertThat(done.text()).contains("now signs in with the new identity");
        assertThat(done.body()).doesNotContain(newSubject);
        assertThat(jdbc.queryForObject("select count(*) from refused_sign_in where subject = ?", Integer.class,
                newSubject)).isZero();
        assertThat(before.getWithoutRedirects("/keys").status()).as("the old identity's session ended")
                .isEqualTo(302);
        Map<String, Object> audited = jdbc.queryForMap("""
                select actor_name, before_value, after_value from audit_event
                where action = 'user.rebound' and subject_id = ?""", personId);
        assertThat(audited.get("actor_name")).isEqualTo("Carol Clark");
        assertThat((String) audited.get("before_value")).contains("\"subject\":\"" + person + "\"")
                .contains("\"issuer\":\"http");
        assertThat((String) audited.get("after_value")).contains("\"subject\":\"" + newSubject + "\"")
                .contains("\"reason\":\"Identity provider moved\"");

        PortalClient after = PortalClient.at(port);
        Page home = signInAsRecreated(after, person, newSubject);

        assertThat(home.uri().getPath()).isEqualTo("/");
        assertThat(after.get("/keys").text()).contains(alias);
        assertThat(jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                newSubject)).isEqualTo(personId);
        assertThat(jdbc.queryForObject("select count(*) from portal_user where subject = ?", Integer.class, person))
                .isZero();
    }

    @Test
    void aSecondSubmitChangesNothing() {
        String person = uniquePerson("twice");
        signedIn(person);
        String personId = idOf(person);
        String newSubject = person + "-recreated";
        signInAsRecreated(PortalClient.at(port), person, newSubject);
        PortalClient carol = signedIn("carol");

        carol.post("/admin/users/" + personId + "/rebind", rebind(newSubject, "Moved"));
        Page second = carol.post("/admin/users/" + personId + "/rebind", rebind(newSubject, "Moved"));

        assertThat(second.uri().getPath()).isEqualTo("/admin/users");
        assertThat(second.text()).contains("already signs in with that identity. Nothing changed.");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'user.rebound'"
                + " and subject_id = ?", Integer.class, personId)).isEqualTo(1);
        String refusalGone = "/admin/users/" + personId + "/rebind?refusal=" + UUID.randomUUID();
        assertThat(carol.get(refusalGone).text()).contains("no longer waiting");
    }

    @Test
    void reBindingIsRefusedWhenTheNewIdentityHasARecordOfItsOwn() {
        String person = uniquePerson("owner");
        String other = uniquePerson("other");
        signedIn(person);
        signedIn(other);
        String personId = idOf(person);
        PortalClient carol = signedIn("carol");

        Page refused = carol.post("/admin/users/" + personId + "/rebind", rebind(other, "Same person, I think"));

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).contains("already has a record of its own").contains("nothing changed");
        assertThat(refused.body()).contains("Same person, I think");
        assertThat(jdbc.queryForObject("select subject from portal_user where id = ?::uuid", String.class, personId))
                .isEqualTo(person);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'user.rebound'"
                + " and subject_id = ?", Integer.class, personId)).isZero();
    }

    @Test
    void aMissingOrUnreadableReasonKeepsThePageAndTheInputAndChangesNothing() {
        String person = uniquePerson("no-reason");
        signedIn(person);
        String personId = idOf(person);
        String newSubject = person + "-recreated";
        signInAsRecreated(PortalClient.at(port), person, newSubject);
        PortalClient carol = signedIn("carol");

        Page missing = carol.post("/admin/users/" + personId + "/rebind", rebind(newSubject, "  "));
        Page hidden = carol.post("/admin/users/" + personId + "/rebind",
                rebind(newSubject, "Moved \u202E by IT"));

        assertThat(missing.text()).contains("Give a reason");
        assertThat(between(missing.body(), "id=\"new-identity\"", "</dl>")).contains(newSubject);
        assertThat(missing.body()).contains("name=\"subject\" value=\"" + newSubject + "\"");
        assertThat(hidden.text()).contains("invisible formatting characters");
        assertThat(hidden.body()).contains("Moved ");
        assertThat(jdbc.queryForObject("select subject from portal_user where id = ?::uuid", String.class, personId))
                .isEqualTo(person);
        assertThat(jdbc.queryForObject("select count(*) from refused_sign_in where subject = ?", Integer.class,
                newSubject)).isEqualTo(1);
    }

    @Test
    void onlyAdminsSeeOrReBindAndAnUnknownPersonIsNotFound() {
        String person = uniquePerson("guarded");
        signedIn(person);
        String personId = idOf(person);
        String newSubject = person + "-recreated";
        signInAsRecreated(PortalClient.at(port), person, newSubject);
        String refusalId = jdbc.queryForObject("select id::text from refused_sign_in where subject = ?",
                String.class, newSubject);

        for (String name : List.of("alice", "bob")) {
            PortalClient notAdmin = signedIn(name);
            assertThat(notAdmin.get("/admin/users").status()).as(name).isEqualTo(403);
            assertThat(notAdmin.get("/admin/users/" + personId + "/rebind?refusal=" + refusalId).status()).as(name)
                    .isEqualTo(403);
            assertThat(notAdmin.post("/admin/users/" + personId + "/rebind", rebind(newSubject, "Mine now"))
                    .status()).as(name).isEqualTo(403);
        }
        PortalClient carol = signedIn("carol");
        String unknown = UUID.randomUUID().toString();
        assertThat(carol.get("/admin/users/" + unknown + "/rebind?refusal=" + refusalId).status()).isEqualTo(404);
        assertThat(carol.post("/admin/users/" + unknown + "/rebind", rebind(newSubject, "Moved")).status())
                .isEqualTo(404);
        Page withoutToken = carol.postRaw("/admin/users/" + personId + "/rebind", rebind(newSubject, "Moved"));
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select subject from portal_user where id = ?::uuid", String.class, personId))
                .isEqualTo(person);
    }

    @Test
    void refusalsOfEveryKindAreListedAndASuccessfulSignInClearsThem() {
        String unverified = uniquePerson("unverified") + "-recreated";
        Page refused = PortalClient.at(port).signIn(unverified, "{\"email\": \"" + unverified
                + "@example.com\", \"email_verified\": false}");
        assertThat(refused.text()).contains("did not send a verified email address");
        assertThat(jdbc.queryForObject("select reason from refused_sign_in where subject = ?", String.class,
                unverified)).isEqualTo("unverified_email");

        PortalClient carol = signedIn("carol");
        assertThat(carol.get("/admin/users").body()).contains(unverified).contains("Email not verified");

        PortalClient.at(port).signIn(unverified, "{\"email\": \"" + unverified
                + "@example.com\", \"email_verified\": true}");
        assertThat(jdbc.queryForObject("select count(*) from refused_sign_in where subject = ?", Integer.class,
                unverified)).isZero();
    }

    /** The re-binding form for this subject at the demo provider (the issuer every demo record has). */
    private Map<String, List<String>> rebind(String subject, String reason) {
        String issuer = jdbc.queryForObject("select issuer from portal_user where subject = 'carol'", String.class);
        return Map.of("issuer", List.of(issuer), "subject", List.of(subject), "reason", List.of(reason));
    }

    private String idOf(String subject) {
        return jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class, subject);
    }

    private static String between(String body, String start, String end) {
        int from = body.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        return body.substring(from, body.indexOf(end, from));
    }
}
