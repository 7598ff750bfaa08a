package dev.keyportal.security;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may see and do what (docs/architecture.md, roles and security rules). */
class AccessTests extends FullStackTest {

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        PortalClient anonymous = PortalClient.at(port);
        for (String path : List.of("/", "/keys", "/keys/new", "/requests")) {
            Page page = anonymous.getWithoutRedirects(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.header("Location")).as(path).endsWith("/oauth2/authorization/sso");
        }
        assertThat(anonymous.get("/").body()).contains("name=\"username\"");
    }

    @Test
    void postWithoutCsrfTokenIsRefused() {
        String person = uniquePerson("nocsrf");
        PortalClient browser = signedIn(person);
        long generates = liteLlm.callCount("/key/generate");

        Page page = browser.postRaw("/keys", form("forged"));

        assertThat(page.status()).isEqualTo(403);
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates);
        assertThat(jdbc.queryForObject("select count(*) from key_request where key_alias = 'forged'", Integer.class))
                .isZero();
    }

    @Test
    void anotherEmployeeGetsNotFoundForSomeoneElsesKeyAndRequest() {
        PortalClient alice = signedIn("alice");
        alice.post("/keys", form("alices-" + System.nanoTime()));
        String requestId = jdbc.queryForObject("""
                select r.id::text from key_request r join portal_user u on u.id = r.requester_id
                where u.subject = 'alice' order by r.created_at desc limit 1""", String.class);
        String keyId = jdbc.queryForObject("select id::text from issued_key where request_id = ?::uuid", String.class,
                requestId);
        PortalClient dave = signedIn("dave");

        assertThat(dave.get("/keys/" + keyId).status()).isEqualTo(404);
        assertThat(dave.get("/requests/" + requestId).status()).isEqualTo(404);
        assertThat(dave.get("/keys/" + keyId).text()).contains("Not found").doesNotContain(keyId);
        assertThat(alice.get("/keys/" + keyId).status()).isEqualTo(200);
        assertThat(signedIn("carol").get("/keys/" + keyId).status()).isEqualTo(200);
    }

    @Test
    void malformedIdsAnswerNotFoundOrBadRequestNeverServerError() {
        PortalClient browser = signedIn(uniquePerson("probe"));
        PortalClient carol = signedIn("carol");

        for (String path : List.of("/keys/not-a-uuid", "/requests/x", "/approvals/x", "/admin/policies/x")) {
            Page page = carol.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.text()).as(path).contains("Not found").doesNotContain("Something went wrong");
        }
        assertThat(browser.get("/keys/not-a-uuid").status()).isEqualTo(404);
        assertThat(browser.get("/requests/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(browser.get("/no/such/page").status()).isIn(403, 404);
    }

    @Test
    void onlyHealthIsOpenAndShowsNoDetails() {
        PortalClient anonymous = PortalClient.at(port);

        Page health = anonymous.getWithoutRedirects("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"").doesNotContain("components", "litellm", "db");
        assertThat(anonymous.getWithoutRedirects("/actuator/prometheus").status()).isEqualTo(401);
        for (String closed : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans",
                "/actuator/heapdump")) {
            assertThat(anonymous.getWithoutRedirects(closed).status()).as(closed).isIn(302, 403, 404);
            assertThat(signedIn("carol").get(closed).status()).as(closed).isIn(403, 404);
        }
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        PortalClient browser = signedIn(uniquePerson("headers"));

        for (Page page : List.of(browser.get("/"), browser.get("/keys/new"), browser.get("/keys/not-a-uuid"),
                browser.get("/requests/00000000-0000-0000-0000-000000000000"))) {
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
            assertThat(page.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void aFormOverTheSizeLimitGetsThePortalsOwnPageSayingWhatWasTooLarge() {
        PortalClient browser = signedIn(uniquePerson("bulky"));
        Map<String, List<String>> form = form("bulky");
        form.put("purpose", List.of("x".repeat(100 * 1024)));

        Page page = browser.post("/keys", form);

        assertThat(page.status()).isEqualTo(413);
        assertThat(page.text()).contains("too large", "64 KB").doesNotContain("Apache Tomcat");
        assertThat(page.body()).doesNotContain("style=\"").doesNotContain("<style");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(jdbc.queryForObject("""
                select count(*) from key_request r join portal_user u on u.id = r.requester_id
                where u.subject like 'bulky-%'""", Integer.class)).isZero();
    }

    @Test
    void pagesContainNoInlineScriptOrStyle() {
        PortalClient browser = signedIn(uniquePerson("csp"));
        for (String path : List.of("/", "/keys", "/keys/new", "/requests")) {
            String body = browser.get(path).body();
            assertThat(body).as(path).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=\"")
                    .doesNotContainPattern("\\son[a-z]+=\"");
        }
    }

    @Test
    void signOutEndsTheSessionOnTheServer() {
        String person = uniquePerson("leaver");
        PortalClient browser = signedIn(person);
        String sessions = "select count(*) from spring_session where principal_name = ?";
        assertThat(jdbc.queryForObject(sessions, Integer.class, person)).isEqualTo(1);

        Page out = browser.post("/logout", Map.of());

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.text()).contains("You are signed out");
        assertThat(jdbc.queryForObject(sessions, Integer.class, person)).isZero();
        assertThat(browser.getWithoutRedirects("/keys").status()).isEqualTo(302);
    }

    @Test
    void secondIdentityWithTheSameEmailIsRefusedNotMerged() {
        signedIn("alice");
        PortalClient twin = PortalClient.at(port);
        Page login = twin.get("/");
        assertThat(login.body()).contains("name=\"username\"");

        Page refused = twin.postRaw(login.uri().toString(), Map.of("username", List.of("alice-twin")));

        assertThat(refused.uri().getPath()).isEqualTo("/login/problem");
        assertThat(refused.text()).contains("already bound to a different sign-in identity");
        assertThat(twin.getWithoutRedirects("/keys").status()).isEqualTo(302);
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_event where action = 'user.sign_in_refused'
                and after_value like '%"reason":"identity_conflict"%' and after_value like '%"subject":"alice-twin"%'""",
                Integer.class)).isPositive();
    }

    @Test
    void aGroupSentAsAPathMatchesAConfiguredPlainNameByItsLastSegment() {
        PortalClient pete = signedIn("pete");

        assertThat(pete.get("/admin/keys").status()).isEqualTo(200);
        assertThat(signedIn("nina").get("/admin/keys").status()).isEqualTo(403);
    }

    @Test
    void unverifiedEmailCannotBecomeALiteLlmUser() {
        PortalClient mallory = PortalClient.at(port);
        Page login = mallory.get("/");

        Page refused = mallory.postRaw(login.uri().toString(), Map.of("username", List.of("mallory")));

        assertThat(refused.uri().getPath()).isEqualTo("/login/problem");
        assertThat(refused.text()).contains("did not send a verified email address");
        assertThat(jdbc.queryForObject("select count(*) from portal_user where subject = 'mallory'", Integer.class))
                .isZero();
    }
}
