package dev.keyportal.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The person signed in on the current request, if any. Controllers take {@link PortalUser} as a parameter
 * instead; this is for the layout, which also renders for anonymous pages.
 */
@Component
public class SignedIn {

    private final PortalUsers users;

    SignedIn(PortalUsers users) {
        this.users = users;
    }

    public Optional<PortalUser> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof PortalOidcUser principal)) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return users.find(principal.portalUserId(), roles);
    }
}
