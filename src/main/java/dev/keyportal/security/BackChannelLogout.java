package dev.keyportal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * OIDC back-channel logout: the identity provider posts a logout token (already checked by Spring Security: signed
 * with the provider's key, issued by it, for this client, a back-channel logout event) and every portal session of
 * that person ends, on every instance, through the session index. A token that names only a provider session
 * ({@code sid}) and no subject ends nothing: the portal does not keep the provider's session ids.
 */
class BackChannelLogout implements LogoutHandler {

    private final PortalUsers users;

    BackChannelLogout(PortalUsers users) {
        this.users = users;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof OidcLogoutToken token
                && token.getSubject() != null && token.getIssuer() != null) {
            users.endSessions(String.valueOf(token.getIssuer()), token.getSubject());
        }
    }
}
