package dev.keyportal.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.keyportal.audit.FreeText;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Maps a successful OIDC login to a portal identity: roles from the configured claim through the configured
 * allowlists, the team from the team claim, the LiteLLM user id from the user-id claim (an email counts only
 * when {@code email_verified} is true). Identity is issuer plus subject.
 */
class PortalOidcUserService extends OidcUserService {

    static final String MISSING_USER_ID = "missing_user_id";
    static final String IDENTITY_CONFLICT = "identity_conflict";
    static final String DISABLED = "disabled";
    private static final int MAX_TEAM_LENGTH = 128;

    private final PortalProperties properties;
    private final PortalUsers users;

    PortalOidcUserService(PortalProperties properties, PortalUsers users) {
        this.properties = properties;
        this.users = users;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest userRequest) {
        OidcUser oidcUser = super.loadUser(userRequest);
        Set<Role> roles = rolesOf(oidcUser);
        String litellmUserId = litellmUserId(oidcUser);
        String team = team(oidcUser);
        String displayName = firstNonBlank(oidcUser.getFullName(), oidcUser.getPreferredUsername(),
                oidcUser.getEmail(), oidcUser.getSubject());
        PortalUser user;
        try {
            user = users.signIn(new PortalUsers.SignIn(String.valueOf(oidcUser.getIssuer()), oidcUser.getSubject(),
                    litellmUserId, displayName, oidcUser.getEmail(), team, roles));
        } catch (IdentityConflictException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error(IDENTITY_CONFLICT), e.getMessage());
        } catch (DisabledPersonException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error(DISABLED), e.getMessage());
        }
        List<SimpleGrantedAuthority> authorities = roles.stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
        return new PortalOidcUser(authorities, oidcUser.getIdToken(), oidcUser.getUserInfo(), user.id());
    }

    Set<Role> rolesOf(OidcUser user) {
        Set<Role> roles = EnumSet.of(Role.EMPLOYEE);
        List<String> groups = claimValues(user.getClaims().get(properties.rolesClaim()));
        if (groups.stream().anyMatch(properties.approverGroups()::contains)) {
            roles.add(Role.APPROVER);
        }
        if (groups.stream().anyMatch(properties.adminGroups()::contains)) {
            roles.add(Role.ADMIN);
            roles.add(Role.APPROVER);
        }
        return roles;
    }

    private String litellmUserId(OidcUser user) {
        String claim = properties.userIdClaim();
        Object value = user.getClaims().get(claim);
        boolean unverifiedEmail = "email".equals(claim) && !Boolean.TRUE.equals(user.getEmailVerified());
        if (!(value instanceof String id) || id.isBlank() || unverifiedEmail || id.length() > 320) {
            throw new OAuth2AuthenticationException(new OAuth2Error(MISSING_USER_ID),
                    "The identity provider sent no usable '" + claim + "' claim");
        }
        return id.trim();
    }

    private String team(OidcUser user) {
        if (properties.teamClaim() == null) {
            return null;
        }
        List<String> values = claimValues(user.getClaims().get(properties.teamClaim()));
        return values.stream()
                .filter(v -> v.length() <= MAX_TEAM_LENGTH && FreeText.Check.problem(v, false).isEmpty())
                .findFirst()
                .orElse(null);
    }

    private static List<String> claimValues(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }
        if (claim instanceof String text) {
            return Stream.of(text.split("[,\\s]+")).filter(v -> !v.isEmpty()).toList();
        }
        return List.of();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "unknown";
    }
}
