package dev.keyportal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The credential a Prometheus scraper sends (HTTP basic) for {@code /actuator/prometheus}:
 * {@code PORTAL_METRICS_USERNAME} (default {@code prometheus}) and {@code PORTAL_METRICS_PASSWORD}. Without a
 * password nobody gets the metrics.
 */
@ConfigurationProperties("portal.metrics")
record MetricsProperties(@DefaultValue("prometheus") String username, String password) {

    /**
     * True for the configured credential. Both sides are compared as SHA-256 digests in constant time, so the
     * answer's timing tells nothing about the password or its length.
     */
    boolean accepts(String givenUsername, String givenPassword) {
        if (password == null || password.isBlank() || givenUsername == null || givenPassword == null) {
            return false;
        }
        boolean user = MessageDigest.isEqual(digest(username), digest(givenUsername));
        boolean secret = MessageDigest.isEqual(digest(password), digest(givenPassword));
        return user & secret;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MetricsProperties[username=" + username + ", password=[redacted]]";
    }
}
