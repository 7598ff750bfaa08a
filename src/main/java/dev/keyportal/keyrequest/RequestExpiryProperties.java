package dev.keyportal.keyrequest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a request may wait for a decision ({@code PORTAL_APPROVALS_PENDINGTTL}) and how long an approved key
 * waits to be collected ({@code PORTAL_APPROVALS_COLLECTWITHIN}) before it expires. The approval module binds
 * its own setting under the same prefix.
 */
@ConfigurationProperties("portal.approvals")
public record RequestExpiryProperties(@DefaultValue("14d") Duration pendingTtl,
        @DefaultValue("7d") Duration collectWithin) {
}
