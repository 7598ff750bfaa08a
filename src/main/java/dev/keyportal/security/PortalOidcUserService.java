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
 * Maps a successful OIDC login to a portal identity: who may use the portal at all and their roles from the
 * configured claim through the configured group lists, the team from the team claim, the LiteLLM user id from the
 * user-id claim (an email counts only when {@code email_verified} is true). Identity is issuer plus subject.
 * <p>Groups may come as names or as paths ({@code /org/portal-admins}): a configured group that starts with
 * {@code /} matches only that whole path; a configured name matches that name or a path whose last segment it is.
 */
class PortalOidcUserService extends OidcUserService {

    static final String MISSING_USER_ID = "missing_user_id";
    static final String IDENTITY_CONFLICT = "identity_conflict";
    static final String DISABLED = "disabled";
    static final String NOT_ALLOWED = "not_allowed";
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
        List<String> groups = claimValues(oidcUser.getClaims().get(properties.rolesClaim()));
        Set<Role> roles = rolesOf(groups);
        String displayName = firstNonBlank(oidcUser.getFullName(), oidcUser.getPreferredUsername(),
                oidcUser.getEmail(), oidcUser.getSubject());
        // approvers and admins are let in too: an allow-list never locks out the people who run the portal
        if (!properties.allowedGroups().isEmpty() && !inAny(groups, properties.allowedGroups())
                && !roles.contains(Role.APPROVER)) {
            throw refused(oidcUser, displayName, null, null, RefusalReason.NOT_ALLOWED, NOT_ALLOWED,
                    "None of the person's groups may use the portal");
        }
        String litellmUserId = litellmUserId(oidcUser, displayName);
        String team = team(oidcUser);
        PortalUser user;
        try {
            user = users.signIn(new PortalUsers.SignIn(String.valueOf(oidcUser.getIssuer()), oidcUser.getSubject(),
                    litellmUserId, displayName, oidcUser.getEmail(), team, roles));
        } catch (IdentityConflictException e) {
            throw refused(oidcUser, displayName, litellmUserId, e.holderId(), RefusalReason.IDENTITY_CONFLICT,
                    IDENTITY_CONFLICT, e.getMessage());
        } catch (DisabledPersonException e) {
            throw refused(oidcUser, displayName, litellmUserId, e.personId(), RefusalReason.DISABLED, DISABLED,
                    e.getMessage());
        }
        List<SimpleGrantedAuthority> authorities = roles.stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
        return new PortalOidcUser(authorities, oidcUser.getIdToken(), oidcUser.getUserInfo(), user.id());
    }

    Set<Role> rolesOf(List<String> groups) {
        Set<Role> roles = EnumSet.of(Role.EMPLOYEE);
        if (inAny(groups, properties.approverGroups())) {
            roles.add(Role.APPROVER);
        }
        if (inAny(groups, properties.adminGroups())) {
            roles.add(Role.ADMIN);
            roles.add(Role.APPROVER);
        }
        return roles;
    }

    private static boolean inAny(List<String> groups, List<String> configured) {
        return groups.stream().anyMatch(group -> configured.stream().anyMatch(wanted -> matches(group, wanted)));
    }

    /** {@code /org/portal-admins} matches {@code /org/portal-admins} and {@code portal-admins}, nothing else. */
    static boolean matches(String group, String configured) {
        if (group.equals(configured)) {
            return true;
        }
        return !configured.startsWith("/") && group.contains("/")
                && group.substring(group.lastIndexOf('/') + 1).equals(configured);
    }

    /** Keeps the refusal where admins see it, and answers the sign-in with the page for {@code code}. */
    private OAuth2AuthenticationException refused(OidcUser user, String displayName, String litellmUserId,
            java.util.UUID recordId, RefusalReason reason, String code, String message) {
        users.refused(new SignInRefusals.Refusal(String.valueOf(user.getIssuer()), user.getSubject(), reason,
                user.getEmail(), displayName, litellmUserId), recordId);
        return new OAuth2AuthenticationException(new OAuth2Error(code), message);
    }

    private String litellmUserId(OidcUser user, String displayName) {
        String claim = properties.userIdClaim();
        Object value = user.getClaims().get(claim);
        boolean unverifiedEmail = "email".equals(claim) && !Boolean.TRUE.equals(user.getEmailVerified());
        if (!(value instanceof String id) || id.isBlank() || unverifiedEmail || id.length() > 320) {
            throw refused(user, displayName, null, null, unverifiedEmail && value instanceof String text && !text.isBlank()
                    ? RefusalReason.UNVERIFIED_EMAIL : RefusalReason.MISSING_USER_ID, MISSING_USER_ID,
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
