package dev.keyportal.notification;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.keyportal.keys.ExpiryReminders;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Mail through an in-process SMTP server: approvers hear of waiting requests, requesters of decisions. */
class RequestMailTests extends FullStackTest {

    private final GreenMail mail = TestPortalConfiguration.mail();

    @Autowired
    ExpiryReminders reminders;

    @Test
    void approverHearsOfAWaitingRequestAndTheRequesterOfTheDecision() throws Exception {
        PortalClient dave = signedIn("dave");
        signedIn("bob");
        String alias = "mailed-" + System.nanoTime();
        Map<String, List<String>> form = form(alias);
        form.put("max_budget", List.of("55"));
        Page pending = dave.post("/keys", form);
        String id = pending.uri().getPath().substring("/requests/".length());

        MimeMessage toBob = awaitMessage("bob@example.com", alias);
        assertThat(toBob.getSubject()).contains("waiting for your decision");
        assertThat(GreenMailUtil.getBody(toBob)).contains("Dave Dalton", "/approvals/" + id);

        signedIn("bob").post("/approvals/" + id + "/deny", Map.of("reason", List.of("Not this quarter")));

        MimeMessage toDave = awaitMessage("dave@example.com", alias);
        assertThat(toDave.getSubject()).contains("was denied");
        assertThat(GreenMailUtil.getBody(toDave)).contains("Bob Brown denied", "Not this quarter", "/requests/" + id);
    }

    @Test
    void noMailEverContainsAKey() throws Exception {
        PortalClient person = signedIn(uniquePerson("mailcheck"));
        person.post("/keys", form("mail-free"));

        for (MimeMessage message : mail.getReceivedMessages()) {
            String content = message.getSubject() + GreenMailUtil.getBody(message);
            assertThat(liteLlm.issuedPlaintexts()).noneMatch(content::contains);
            assertThat(content).doesNotContain(TestPortalConfiguration.MASTER_KEY);
        }
    }

    @Test
    void ownersHearOnceOfAKeyThatExpiresWithinTheWarningWindow() throws Exception {
        String person = uniquePerson("expiring");
        PortalClient browser = signedIn(person);
        Map<String, List<String>> soon = form("expires-soon");
        soon.put("duration", List.of("7d"));
        browser.post("/keys", soon);
        browser.post("/keys", form("expires-later"));
        String id = jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = 'expires-soon'""", String.class, person);

        assertThat(reminders.remind()).isPositive();

        MimeMessage reminder = awaitMessage(person + "@example.com", "expires-soon");
        String body = GreenMailUtil.getBody(reminder);
        assertThat(reminder.getSubject()).contains("expires on");
        assertThat(body).contains("Rotate it in one click", "/keys/" + id);
        assertThat(liteLlm.issuedPlaintexts()).noneMatch(body::contains);
        assertThat(Arrays.stream(mail.getReceivedMessages()).map(RequestMailTests::subject))
                .noneMatch(subject -> subject.contains("expires-later"));
        assertThat(reminders.remind()).as("each key is reminded once").isZero();
        assertThat(browser.get("/keys/" + id).text()).contains("key expiry_reminded");
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mail goes out after the commit on the request thread, so it is there when the response is. */
    private MimeMessage awaitMessage(String to, String subjectPart) throws Exception {
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        for (MimeMessage message : mail.getReceivedMessages()) {
            boolean addressed = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(address -> address.toString().equals(to));
            if (addressed && message.getSubject().contains(subjectPart)) {
                return message;
            }
        }
        throw new AssertionError("No mail to " + to + " about " + subjectPart);
    }
}
