package dev.keyportal.security;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A portal whose public URL is HTTPS names its session cookie {@code __Host-SESSION}: Secure, path /, no domain. */
@TestPropertySource(properties = "portal.base-url=https://keys.example.test")
class HostCookieTests extends FullStackTest {

    @Test
    void httpsBehindATrustedProxyGetsAHostPrefixedSecureCookieAndHsts() {
        Page page = PortalClient.at(port).getWithoutRedirects("/", "X-Forwarded-Proto", "https");

        String cookie = ForwardedHttpsTests.sessionCookie(page);
        assertThat(cookie).startsWith("__Host-SESSION=").contains("; Secure", "; Path=/", "; HttpOnly")
                .doesNotContainIgnoringCase("Domain=");
        assertThat(page.header("Strict-Transport-Security")).contains("max-age=31536000");
    }
}
