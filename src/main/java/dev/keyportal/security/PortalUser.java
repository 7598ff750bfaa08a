package dev.keyportal.security;

import java.util.Set;
import java.util.UUID;

/**
 * The signed-in person as the portal's services see it: the local id, the LiteLLM {@code user_id} bound to this
 * identity, the team from the team claim (may be null) and the roles mapped from the roles claim.
 */
public record PortalUser(UUID id, String litellmUserId, String displayName, String email, String team,
        Set<Role> roles) {

    public PortalUser {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean isApprover() {
        return roles.contains(Role.APPROVER) || isAdmin();
    }
}
