package dev.keyportal.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each request of a signed-in person is judged with what the portal stores about them now, not with what their
 * session was given at sign-in: the roles become the request's authorities (so an approver whose role was removed
 * cannot decide any more), and a disabled person's session ends here, on the first request after it was switched
 * off, with a page that says why. A session older than {@code portal.session.max-lifetime} (12 hours unless set)
 * ends too, however recently it was used: the request goes on as anonymous, so the person signs in again. Runs
 * before the authorization rules.
 */
class CurrentAccountFilter extends OncePerRequestFilter {

    private final PortalUsers users;
    private final Duration maxLifetime;
    private final Clock clock;

    CurrentAccountFilter(PortalUsers users, Duration maxLifetime, Clock clock) {
        this.users = users;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && Instant.ofEpochMilli(session.getCreationTime()).plus(maxLifetime)
                .isBefore(clock.instant())) {
            end(request);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof OAuth2AuthenticationToken token
                && token.getPrincipal() instanceof PortalOidcUser principal) {
            Optional<PortalUser> current = users.active(principal.portalUserId());
            if (current.isEmpty()) {
                end(request);
                response.sendRedirect(request.getContextPath() + "/login/problem?reason="
                        + PortalOidcUserService.DISABLED);
                return;
            }
            List<SimpleGrantedAuthority> authorities = current.get().roles().stream().sorted()
                    .map(role -> new SimpleGrantedAuthority(role.authority())).toList();
            SecurityContext refreshed = SecurityContextHolder.createEmptyContext();
            refreshed.setAuthentication(new OAuth2AuthenticationToken(principal, authorities,
                    token.getAuthorizedClientRegistrationId()));
            SecurityContextHolder.setContext(refreshed);
        }
        chain.doFilter(request, response);
    }

    private static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
