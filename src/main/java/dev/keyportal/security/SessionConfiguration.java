package dev.keyportal.security;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Sessions live in Postgres (Spring Session JDBC), so any instance serves any signed-in person. Two requests of one
 * session that add the same attribute at once (two tabs, a quick second click: both store a flash message) would
 * collide on the attribute table's primary key and end in a 500; Postgres's upsert makes the later write win.
 * <p>
 * The session cookie is {@code Secure} whenever the request is HTTPS, including HTTPS ended at a trusted proxy
 * (forwarded headers, see {@code application.yml}). Served over HTTPS ({@code PORTAL_BASEURL} starting with
 * {@code https:}, or {@code PORTAL_SESSION_HOSTCOOKIE=true}) it is {@code __Host-SESSION}: always {@code Secure},
 * path {@code /}, no domain, so no sibling host or plain-HTTP page can set or overwrite it. Browsers refuse such a
 * cookie over plain HTTP, which is why plain-HTTP use keeps the plain name.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer upsertSessionAttributes() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }

    @Bean
    SessionCookie sessionCookie(@Value("${portal.session.host-cookie:}") String hostCookie,
            @Value("${portal.base-url:http://localhost:8080}") URI baseUrl) {
        boolean hostPrefixed = hostCookie.isBlank() ? "https".equalsIgnoreCase(baseUrl.getScheme())
                : Boolean.parseBoolean(hostCookie.trim());
        return hostPrefixed ? new SessionCookie("__Host-SESSION", true) : new SessionCookie("SESSION", false);
    }

    @Bean
    DefaultCookieSerializerCustomizer sessionCookieName(SessionCookie cookie) {
        return serializer -> {
            serializer.setCookieName(cookie.name());
            if (cookie.hostPrefixed()) {
                serializer.setUseSecureCookie(true);
                serializer.setCookiePath("/");
                serializer.setDomainName(null);
            }
        };
    }

    /** The session cookie's name, and whether it carries the {@code __Host-} prefix (and so is always Secure). */
    record SessionCookie(String name, boolean hostPrefixed) {
    }
}
