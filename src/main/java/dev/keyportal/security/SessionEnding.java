package dev.keyportal.security;

import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends every session of a person at once, on every instance: Spring Session's JDBC repository indexes sessions by
 * principal name, which is the OIDC subject ({@code user-name-attribute: sub}). Sessions of the same subject at
 * another issuer are left alone: only those whose signed-in person is this portal user are deleted.
 */
@Component
class SessionEnding {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    SessionEnding(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** How many sessions were ended. */
    int endAll(UUID personId, String subject) {
        int ended = 0;
        for (Session session : sessions.findByPrincipalName(subject).values()) {
            if (belongsTo(session, personId)) {
                sessions.deleteById(session.getId());
                ended++;
            }
        }
        return ended;
    }

    private static boolean belongsTo(Session session, UUID personId) {
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Authentication authentication = context instanceof SecurityContext security ? security.getAuthentication()
                : null;
        return authentication != null && authentication.getPrincipal() instanceof PortalOidcUser principal
                && personId.equals(principal.portalUserId());
    }
}
