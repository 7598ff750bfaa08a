package dev.keyportal.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The person signed in on the current request, if any, with the roles and team stored now (not those of the
 * moment they signed in); nobody when they have been disabled since. Controllers take {@link PortalUser} as a
 * parameter instead; this is for the layout, which also renders for anonymous pages.
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
        return users.active(principal.portalUserId());
    }
}
