package dev.keyportal.notification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.keys.KeyBlockChanged;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;
import dev.keyportal.spend.KeyNearBudget;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Mails a key's owner when the key crosses 80% of its budget (once per budget period) and when an admin blocks or
 * unblocks it, as text and HTML from the templates {@code mail/near-budget} and {@code mail/block-changed}, with a
 * link to the key. A mail never contains a key.
 */
@Component
class KeyMails {

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Mailer mailer;
    private final PortalUsers users;

    KeyMails(Mailer mailer, PortalUsers users) {
        this.mailer = mailer;
        this.users = users;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void nearBudget(KeyNearBudget event) {
        Map<String, Object> values = key(event.keyId(), event.keyAlias());
        values.put("percent", event.percentUsed());
        values.put("spend", dollars(event.spend()));
        values.put("maxBudget", dollars(event.maxBudget()));
        values.put("resetsAt", event.resetsAt() == null ? null : DAY_AND_TIME.format(event.resetsAt()));
        toOwner(event.ownerId(), "Your key " + event.keyAlias() + " has used " + event.percentUsed()
                + "% of its budget", "near-budget", values);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void blockChanged(KeyBlockChanged event) {
        Map<String, Object> values = key(event.keyId(), event.keyAlias());
        values.put("blocked", event.blocked());
        values.put("reason", event.reason());
        values.put("adminName", event.adminName());
        toOwner(event.ownerId(), "Your key " + event.keyAlias() + " was " + (event.blocked() ? "blocked" : "unblocked"),
                "block-changed", values);
    }

    private void toOwner(UUID ownerId, String subject, String template, Map<String, Object> values) {
        users.find(ownerId, Set.of()).map(PortalUser::email).filter(email -> email != null && !email.isBlank())
                .ifPresent(email -> mailer.send(List.of(email), subject, template, values));
    }

    private Map<String, Object> key(UUID keyId, String keyAlias) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("keyAlias", keyAlias);
        values.put("keyUrl", mailer.link("/keys/" + keyId));
        return values;
    }

    private static String dollars(BigDecimal amount) {
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
