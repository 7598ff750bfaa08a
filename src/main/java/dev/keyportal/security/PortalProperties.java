package dev.keyportal.security;

import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How OIDC claims map to the portal: {@code PORTAL_ROLES_CLAIM} (default {@code groups}),
 * {@code PORTAL_ALLOWED_GROUPS} (empty: everyone may sign in), {@code PORTAL_ADMIN_GROUPS},
 * {@code PORTAL_APPROVER_GROUPS}, {@code PORTAL_TEAM_CLAIM}, {@code PORTAL_USER_ID_CLAIM} (default {@code email}).
 */
@Validated
@ConfigurationProperties("portal")
public record PortalProperties(@NotBlank String rolesClaim, List<String> allowedGroups, List<String> adminGroups,
        List<String> approverGroups, String teamClaim, @NotBlank String userIdClaim) {

    public PortalProperties {
        allowedGroups = clean(allowedGroups);
        adminGroups = clean(adminGroups);
        approverGroups = clean(approverGroups);
        teamClaim = teamClaim == null || teamClaim.isBlank() ? null : teamClaim.trim();
    }

    private static List<String> clean(List<String> groups) {
        return groups == null ? List.of()
                : groups.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
    }
}
