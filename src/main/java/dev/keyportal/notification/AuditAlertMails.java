package dev.keyportal.notification;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;

import dev.keyportal.audit.AuditChainBroken;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Mails every admin when verification finds a broken link in the audit trail (once per break). */
@Component
class AuditAlertMails {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Mailer mailer;
    private final PortalUsers users;

    AuditAlertMails(Mailer mailer, PortalUsers users) {
        this.mailer = mailer;
        this.users = users;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void chainBroken(AuditChainBroken event) {
        // with no team, the people who decide are the admins (as of their latest sign-in)
        List<String> admins = users.approversOf(null).stream().map(PortalUser::email)
                .filter(email -> email != null && !email.isBlank()).toList();
        if (admins.isEmpty()) {
            return;
        }
        mailer.send(admins, "Audit trail broken at event " + event.eventId(), """
                Verification of the portal's audit trail found a broken link at event %d (%s): %s.

                Events from there on cannot be trusted until someone finds out what changed. Compare the trail with
                the last checkpoint kept outside the portal (shipped logs) and with a backup.

                See it: %s
                """.formatted(event.eventId(), WHEN.format(event.foundAt()), event.problem(),
                mailer.link("/admin/audit")));
    }
}
