package dev.keyportal.keyrequest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How approvals work: whether approvers see other teams' requests ({@code PORTAL_APPROVALS_CROSSTEAM}), how long
 * a request may wait for a decision, and how long an approved key waits to be collected.
 */
@ConfigurationProperties("portal.approvals")
public record ApprovalProperties(@DefaultValue("false") boolean crossTeam,
        @DefaultValue("14d") Duration pendingTtl, @DefaultValue("7d") Duration collectWithin) {
}
