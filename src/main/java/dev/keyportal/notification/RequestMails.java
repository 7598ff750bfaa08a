package dev.keyportal.notification;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.keyportal.keyrequest.KeyRequestAwaitsDecision;
import dev.keyportal.keyrequest.KeyRequestDecided;
import dev.keyportal.keyrequest.RequestStatus;
import dev.keyportal.keys.KeyExpiringSoon;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Mails approvers about requests waiting for them, requesters about decisions and owners about keys that expire
 * soon, in plain text through {@link Mailer}.
 */
@Component
class RequestMails {

    private final Mailer mailer;
    private final PortalUsers users;

    RequestMails(Mailer mailer, PortalUsers users) {
        this.mailer = mailer;
        this.users = users;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void awaitsDecision(KeyRequestAwaitsDecision event) {
        List<String> approvers = users.approversOf(event.team()).stream().map(PortalUser::email)
                .filter(email -> email != null && !email.isBlank()).toList();
        if (approvers.isEmpty()) {
            return;
        }
        send(approvers, "Key request waiting for your decision: " + event.keyAlias(), """
                %s asked for %s "%s" above the auto-approve limits.

                Review it: %s/approvals/%s
                """.formatted(event.requesterName(), event.budgetIncrease() ? "a bigger budget on key" : "a key",
                event.keyAlias(), base(), event.requestId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void decided(KeyRequestDecided event) {
        users.find(event.requesterId(), java.util.Set.of()).map(PortalUser::email)
                .filter(email -> !email.isBlank())
                .ifPresent(email -> send(List.of(email), subject(event), body(event)));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void expiringSoon(KeyExpiringSoon event) {
        String date = DateTimeFormatter.ISO_LOCAL_DATE.format(event.expiresAt().atOffset(ZoneOffset.UTC));
        users.find(event.ownerId(), java.util.Set.of()).map(PortalUser::email)
                .filter(email -> email != null && !email.isBlank())
                .ifPresent(email -> send(List.of(email), "Your key " + event.keyAlias() + " expires on " + date, """
                        Your key "%s" (%s) stops working on %s (UTC).

                        Rotate it in one click to get a new key with the same limits (shown once, in the portal
                        only): %s/keys/%s
                        """.formatted(event.keyAlias(), event.keyName(), date, base(), event.keyId())));
    }

    private static String subject(KeyRequestDecided event) {
        String what = event.status() == RequestStatus.APPROVED ? "approved"
                : event.status() == RequestStatus.DENIED ? "denied" : "expired";
        return "Your key request " + event.keyAlias() + " was " + what;
    }

    private String body(KeyRequestDecided event) {
        StringBuilder body = new StringBuilder();
        if (event.decidedBy() != null) {
            body.append(event.decidedBy()).append(event.status() == RequestStatus.APPROVED ? " approved" : " denied")
                    .append(" your request \"").append(event.keyAlias()).append("\".\n");
        } else {
            body.append("Your request \"").append(event.keyAlias()).append("\" expired.\n");
        }
        if (event.reason() != null) {
            body.append("\n").append(event.reason()).append("\n");
        }
        body.append(event.status() == RequestStatus.APPROVED
                ? "\nCollect your key (it is shown once, in the portal only): "
                : "\nSee the request: ").append(base()).append("/requests/").append(event.requestId()).append('\n');
        return body.toString();
    }

    private void send(List<String> to, String subject, String text) {
        mailer.send(to, subject, text);
    }

    private String base() {
        return mailer.link("");
    }
}
