package dev.keyportal.testsupport;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * An in-process OIDC provider (mock-oauth2-server, interactive login) with the demo people. Typing a name on
 * its login page signs in as that person; claims come from the table below, and anyone else becomes an
 * employee without a team. A name ending in {@code -recreated} gets no claims from the table but its subject:
 * everything else comes from the JSON typed in the login form's claims field, which is how a test plays a person
 * the identity provider re-created (a new subject, the email of someone the portal knows).
 */
public final class DemoIdentityProvider {

    public static final String ISSUER_ID = "demo";
    public static final String CLIENT_ID = "key-portal";
    public static final String CLIENT_SECRET = "demo-client-secret";

    private static final String CONFIG = """
            {
              "interactiveLogin": true,
              "tokenCallbacks": [{
                "issuerId": "demo",
                "requestMappings": [
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  %s,
                  {"requestParam": "subject", "match": "^.+-recreated$",
                   "claims": {"sub": "${subject}", "aud": ["key-portal"]}},
                  {"requestParam": "subject", "match": "*",
                   "claims": {"sub": "${subject}", "email": "${subject}@example.com", "email_verified": true,
                              "name": "${subject}", "groups": [], "aud": ["key-portal"]}}
                ]
              }]
            }
            """.formatted(
            person("alice", "Alice Andersen", "research", "employees"),
            person("dave", "Dave Dalton", "research", "employees"),
            person("erin", "Erin Evans", "sales", "employees"),
            person("bob", "Bob Brown", "research", "portal-approvers"),
            person("carol", "Carol Clark", "platform", "portal-admins"),
            unverified("mallory"),
            person("alice-twin", "Alice Again", "research", "employees").replace("alice-twin@example.com",
                    "alice@example.com"),
            // identity providers that send group paths (Keycloak's full group path)
            person("paula", "Paula Path", "platform", "/org/portal-admins").replace("\"/org/portal-admins\"",
                    "\"/org/portal-admins\", \"/org/portal-users\""),
            person("pete", "Pete Elsewhere", "platform", "/elsewhere/portal-admins"),
            person("nina", "Nina Nested", "research", "/other/employees"),
            person("olga", "Olga Outside", "research", "/elsewhere/portal-users"));

    private static MockOAuth2Server server;

    private DemoIdentityProvider() {
    }

    /** The provider, started on first use and shared by everything in this JVM. */
    public static synchronized MockOAuth2Server server() {
        if (server == null) {
            MockOAuth2Server started = new MockOAuth2Server(OAuth2Config.Companion.fromJson(CONFIG));
            started.start();
            server = started;
        }
        return server;
    }

    public static String issuerUri() {
        return server().issuerUrl(ISSUER_ID).toString();
    }

    private static String person(String username, String name, String team, String group) {
        return """
                {"requestParam": "subject", "match": "^%1$s$",
                 "claims": {"sub": "%1$s", "email": "%1$s@example.com", "email_verified": true, "name": "%2$s",
                            "team": "%3$s", "groups": ["%4$s"], "aud": ["key-portal"]}}""".formatted(username, name,
                team, group);
    }

    private static String unverified(String username) {
        return """
                {"requestParam": "subject", "match": "^%1$s$",
                 "claims": {"sub": "%1$s", "email": "%1$s@example.com", "email_verified": false, "name": "%1$s",
                            "groups": [], "aud": ["key-portal"]}}""".formatted(username);
    }
}
