package dev.keyportal.security;

import java.util.Collection;
import java.util.UUID;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** The session's principal: the OIDC user plus the id of the local {@code portal_user} row. */
class PortalOidcUser extends DefaultOidcUser {

    private static final long serialVersionUID = 1L;

    private final UUID portalUserId;

    PortalOidcUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
            UUID portalUserId) {
        super(authorities, idToken, userInfo, "sub");
        this.portalUserId = portalUserId;
    }

    UUID portalUserId() {
        return portalUserId;
    }
}
