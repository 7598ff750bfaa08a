package dev.keyportal.security;

import java.net.UnknownHostException;
import java.util.List;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.apache.catalina.Valve;
import org.apache.catalina.util.NetMaskSet;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS ended at a proxy in front of the portal: the proxy's {@code X-Forwarded-Proto} is believed from loopback
 * and private addresses only, and then the session cookie is {@code Secure} and HSTS is sent. Plain HTTP (the
 * demo, these tests) keeps working.
 */
class ForwardedHttpsTests extends FullStackTest {

    @Autowired
    WebServerApplicationContext server;

    @Test
    void httpsEndedAtATrustedProxyGetsASecureSessionCookieAndHsts() {
        Page page = PortalClient.at(port).getWithoutRedirects("/", "X-Forwarded-Proto", "https");

        assertThat(page.status()).isEqualTo(302);
        assertThat(sessionCookie(page)).startsWith("SESSION=").contains("; Secure", "; HttpOnly");
        assertThat(page.header("Strict-Transport-Security")).contains("max-age=31536000");
    }

    @Test
    void plainHttpKeepsAPlainCookieWithoutHstsAndSignInWorks() {
        Page page = PortalClient.at(port).getWithoutRedirects("/");

        assertThat(sessionCookie(page)).startsWith("SESSION=").doesNotContain("Secure");
        assertThat(page.header("Strict-Transport-Security")).isNull();
        assertThat(signedIn(uniquePerson("plain")).get("/keys").status()).isEqualTo(200);
    }

    @Test
    void forwardedHeadersAreBelievedFromLoopbackAndPrivateAddressesOnly() throws UnknownHostException {
        RemoteIpValve valve = remoteIpValve();
        NetMaskSet trustedProxies = NetMaskSet.parse(valve.getInternalProxies());

        assertThat(valve.getProtocolHeader()).isEqualToIgnoringCase("X-Forwarded-Proto");
        for (String trusted : List.of("127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.10", "::1", "fd00::2")) {
            assertThat(trustedProxies.contains(trusted)).as(trusted).isTrue();
        }
        for (String untrusted : List.of("203.0.113.7", "8.8.8.8", "192.0.2.2", "2001:db8::1")) {
            assertThat(trustedProxies.contains(untrusted)).as(untrusted).isFalse();
        }
    }

    private RemoteIpValve remoteIpValve() {
        TomcatWebServer tomcat = (TomcatWebServer) server.getWebServer();
        for (Valve valve : tomcat.getTomcat().getEngine().getPipeline().getValves()) {
            if (valve instanceof RemoteIpValve remoteIp) {
                return remoteIp;
            }
        }
        throw new AssertionError("no RemoteIpValve: forwarded headers are ignored");
    }

    static String sessionCookie(Page page) {
        return page.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream()).filter(c -> c.contains("SESSION=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie set: " + page.headers()));
    }
}
