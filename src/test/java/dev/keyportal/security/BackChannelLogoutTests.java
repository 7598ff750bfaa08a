package dev.keyportal.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.DemoIdentityProvider;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity provider ending a person's session ends the portal's too (OIDC back-channel logout). */
class BackChannelLogoutTests extends FullStackTest {

    private static final String SESSIONS = "select count(*) from spring_session where principal_name = ?";
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    @Test
    void aLogoutTokenSignedByTheProviderEndsEverySessionOfThatPerson() throws Exception {
        String person = uniquePerson("provider-ended");
        String bystander = uniquePerson("bystander");
        PortalClient laptop = signedIn(person);
        PortalClient phone = signedIn(person);
        PortalClient other = signedIn(bystander);
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isEqualTo(2);

        HttpResponse<String> answer = backChannel(logoutToken(person, DemoIdentityProvider.CLIENT_ID));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isZero();
        assertThat(laptop.getWithoutRedirects("/keys").status()).isEqualTo(302);
        assertThat(phone.getWithoutRedirects("/keys").status()).isEqualTo(302);
        assertThat(other.getWithoutRedirects("/keys").status()).isEqualTo(200);
    }

    @Test
    void aLogoutTokenForAnotherClientEndsNothing() throws Exception {
        String person = uniquePerson("kept");
        PortalClient browser = signedIn(person);

        HttpResponse<String> answer = backChannel(logoutToken(person, "some-other-client"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForObject(SESSIONS, Integer.class, person)).isEqualTo(1);
        assertThat(browser.getWithoutRedirects("/keys").status()).isEqualTo(200);
    }

    private static String logoutToken(String subject, String audience) {
        return DemoIdentityProvider.server().issueToken(DemoIdentityProvider.ISSUER_ID, audience,
                new DefaultOAuth2TokenCallback(DemoIdentityProvider.ISSUER_ID, subject, "JWT", List.of(audience),
                        Map.of("events", Map.of(EVENT, Map.of()), "sid", UUID.randomUUID().toString()), 120))
                .serialize();
    }

    private HttpResponse<String> backChannel(String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/logout/connect/back-channel/sso"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
