package dev.keyportal.notification;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code PORTAL_BASEURL} for links in mail, {@code PORTAL_MAIL_FROM} for the sender. */
@ConfigurationProperties("portal")
record MailProperties(@DefaultValue("http://localhost:8080") URI baseUrl,
        @DefaultValue("key-portal@localhost") String mailFrom) {
}
