package dev.keyportal.approval;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether approvers see and decide other teams' requests ({@code PORTAL_APPROVALS_CROSSTEAM}); admins always do.
 * The other {@code portal.approvals} settings (when requests expire) belong to the request module.
 */
@ConfigurationProperties("portal.approvals")
public record ApprovalProperties(@DefaultValue("false") boolean crossTeam) {
}
