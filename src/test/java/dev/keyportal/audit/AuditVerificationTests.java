package dev.keyportal.audit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chain verification: incremental from the last verified event, checkpoints of the head, and a tampered row (edited
 * through the owner role, which can switch the append-only trigger off) shown on the page and alerted.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditVerificationTests extends FullStackTest {

    private final GreenMail mail = TestPortalConfiguration.mail();

    @Autowired
    AuditTrail audit;

    @Autowired
    AuditVerification verification;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void verifiesWhatWasAddedSinceTheLastRunAndCheckpointsTheHead() {
        verification.verify(false);
        List<Long> added = record(3);

        AuditVerification.Status before = verification.status();
        assertThat(before.unverified()).isGreaterThanOrEqualTo(3);
        AuditVerification.Status after = verification.verify(false);

        assertThat(after.broken()).isFalse();
        assertThat(after.verifiedThrough()).isGreaterThanOrEqualTo(added.get(2));
        assertThat(after.unverified()).isZero();

        long head = verification.checkpoint();
        assertThat(head).isGreaterThanOrEqualTo(added.get(2));
        Map<String, Object> checkpoint = jdbc.queryForMap(
                "select * from audit_event where action = 'audit.checkpoint' order by id desc limit 1");
        String headHash = jdbc.queryForObject("select hash from audit_event where id = ?", String.class, head);
        assertThat((String) checkpoint.get("after_value")).contains("\"head_hash\":\"" + headHash + "\"",
                "\"head_id\":" + head);
        assertThat(verification.checkpoint()).as("nothing new since the checkpoint").isEqualTo(-1);
        assertThat(verification.verify(true).broken()).isFalse();
    }

    @Test
    void aRowTamperedThroughTheOwnerRoleShowsAsTheBrokenLinkAndRaisesTheAlert(CapturedOutput output) {
        PortalClient admin = signedIn("carol");
        verification.verify(false);
        List<Long> added = record(3);
        long tampered = added.get(1);
        String original = jdbc.queryForObject("select after_value from audit_event where id = ?", String.class,
                tampered);
        double breaksBefore = metric(admin, "keyportal_audit_chain_breaks_total");
        try {
            ownerUpdate("update audit_event set after_value = '{\"n\":99}' where id = " + tampered);

            Page page = admin.post("/admin/audit/verify", Map.of("scope", List.of("new")));

            assertThat(page.text()).contains("The audit trail is broken at event " + tampered,
                    "The chain is broken at event " + tampered, "its content does not match its hash",
                    "intact through event " + added.get(0));
            assertThat(output.getOut()).contains("ERROR").contains("Audit trail broken at event " + tampered);
            assertThat(metric(admin, "keyportal_audit_chain_broken")).isEqualTo(1.0);
            assertThat(metric(admin, "keyportal_audit_chain_breaks_total")).isEqualTo(breaksBefore + 1);
            MimeMessage alert = alertMail("Audit trail broken at event " + tampered);
            assertThat(recipients(alert)).contains("carol@example.com");

            // the next run finds it again; the mail is not sent twice for the same break
            assertThat(verification.verify(false).brokenAt()).isEqualTo(tampered);
            assertThat(alertMails("Audit trail broken at event " + tampered)).hasSize(1);
            assertThat(verification.checkpoint()).as("no checkpoint over a broken chain").isEqualTo(-1);
        } finally {
            ownerUpdate("update audit_event set after_value = '" + original + "' where id = " + tampered);
        }
        AuditVerification.Status repaired = verification.verify(false);
        assertThat(repaired.broken()).isFalse();
        assertThat(repaired.verifiedThrough()).isGreaterThanOrEqualTo(added.get(2));
        assertThat(metric(admin, "keyportal_audit_chain_broken")).isZero();
        assertThat(admin.get("/admin/audit").text()).contains("Verified through event");
    }

    @Test
    void anEventRemovedBehindTheVerifiedPointIsFoundByAWalkFromTheStart() {
        List<Long> added = record(3);
        verification.verify(false);
        Map<String, Object> removed = jdbc.queryForMap("select * from audit_event where id = ?", added.get(1));
        try {
            ownerUpdate("delete from audit_event where id = " + added.get(1));
            assertThat(verification.verify(false).broken()).as("incremental reads only what is new").isFalse();

            AuditVerification.Status walked = verification.verify(true);

            assertThat(walked.brokenAt()).isEqualTo(added.get(2));
            assertThat(walked.problem()).contains("prev_hash does not match the hash of event " + added.get(0));
        } finally {
            jdbc.execute("alter table audit_event disable trigger audit_event_no_update_delete");
            try {
                jdbc.update("""
                        insert into audit_event (id, occurred_at, actor_id, actor_name, action, subject_type,
                            subject_id, request_id, before_value, after_value, prev_hash, hash)
                        overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", removed.get("id"),
                        removed.get("occurred_at"), removed.get("actor_id"), removed.get("actor_name"),
                        removed.get("action"), removed.get("subject_type"), removed.get("subject_id"),
                        removed.get("request_id"), removed.get("before_value"), removed.get("after_value"),
                        removed.get("prev_hash"), removed.get("hash"));
            } finally {
                jdbc.execute("alter table audit_event enable trigger audit_event_no_update_delete");
            }
        }
        assertThat(verification.verify(true).broken()).isFalse();
    }

    private List<Long> record(int count) {
        UUID request = UUID.randomUUID();
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                audit.record(AuditEntry.of(null, "tester", "test.verify", "TEST", i, request, null, Map.of("n", i)));
            }
        });
        return jdbc.queryForList("select id from audit_event where request_id = ? order by id", Long.class, request);
    }

    /** What an attacker with the owner role can do: switch the append-only trigger off around a change. */
    private void ownerUpdate(String sql) {
        jdbc.execute("alter table audit_event disable trigger audit_event_no_update_delete");
        try {
            jdbc.execute(sql);
        } finally {
            jdbc.execute("alter table audit_event enable trigger audit_event_no_update_delete");
        }
    }

    private double metric(PortalClient client, String name) {
        Page scrape = PortalClient.at(port).getWithoutRedirects("/actuator/prometheus", "Authorization",
                METRICS_AUTHORIZATION);
        return scrape.body().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(0);
    }

    private MimeMessage alertMail(String subject) {
        Awaitility.await("the alert mail").atMost(Duration.ofSeconds(5)).until(() -> !alertMails(subject).isEmpty());
        return alertMails(subject).get(0);
    }

    private List<MimeMessage> alertMails(String subject) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> {
            try {
                return message.getSubject().equals(subject);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
