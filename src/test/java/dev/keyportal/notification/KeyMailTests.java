package dev.keyportal.notification;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import dev.keyportal.spend.BudgetWarnings;
import dev.keyportal.spend.SpendSync;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Owners hear, as text and HTML with a link to the key, when a key nears its budget and when it is (un)blocked. */
class KeyMailTests extends FullStackTest {

    private final GreenMail mail = TestPortalConfiguration.mail();

    @Autowired
    SpendSync spendSync;

    @Autowired
    BudgetWarnings budgetWarnings;

    @Test
    void anOwnerHearsOnceABudgetPeriodThatAKeyUsed80PercentOfItsBudget() throws Exception {
        String person = uniquePerson("nearbudget");
        String alias = "near-" + System.nanoTime();
        String keyId = issue(signedIn(person), alias, "10");
        String hash = tokenHashesOf(person).get(0);
        liteLlm.addSpend(hash, "gpt-4o-mini", 7.0);
        spendSync.sync();
        budgetWarnings.warn();
        assertThat(mailAbout(person, alias + " has used")).as("70% is below the line").isEmpty();

        liteLlm.addSpend(hash, "gpt-4o-mini", 1.5);
        spendSync.sync();
        budgetWarnings.warn();
        MimeMessage warning = awaitMail(person, alias + " has used 85% of its budget");
        spendSync.sync();
        budgetWarnings.warn();

        Parts parts = parts(warning);
        assertThat(parts.text()).contains("$8.50 of $10.00", "/keys/" + keyId, "once per budget period");
        assertThat(parts.html()).contains("<strong>85%</strong>", "href=\"http://localhost:8080/keys/" + keyId + "\"");
        assertThat(mails(person, alias + " has used")).as("a second sync in the same period").hasSize(1);

        // the budget resets: a new period, and a new warning when the key crosses the line again
        jdbc.update("update key_budget_state set budget_reset_at = now() + interval '30 days' where token_hash = ?",
                hash);
        budgetWarnings.warn();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> mails(person, alias + " has used").size() == 2);
        assertThat(parts(mails(person, alias + " has used").get(1)).text()).contains("The budget resets on");
    }

    @Test
    void anOwnerHearsWhenAnAdminBlocksAndUnblocksTheirKeyAndWhy() throws Exception {
        String person = uniquePerson("blockmail");
        String alias = "blockmail-" + System.nanoTime();
        String keyId = issue(signedIn(person), alias, "5");
        PortalClient carol = signedIn("carol");

        carol.post("/admin/keys/" + keyId + "/block", Map.of("reason", List.of("Seen in a <public> repository")));
        MimeMessage blocked = awaitMail(person, alias + " was blocked");
        carol.post("/admin/keys/" + keyId + "/unblock", Map.of("reason", List.of("Rotated by its owner")));
        MimeMessage unblocked = awaitMail(person, alias + " was unblocked");

        assertThat(parts(blocked).text()).contains("Carol", "Seen in a <public> repository", "/keys/" + keyId);
        assertThat(parts(blocked).html()).contains("Seen in a &lt;public&gt; repository")
                .doesNotContain("<public>");
        assertThat(parts(unblocked).text()).contains("it works again", "Rotated by its owner");
        for (MimeMessage message : List.of(blocked, unblocked)) {
            String content = message.getSubject() + parts(message).text() + parts(message).html();
            assertThat(liteLlm.issuedPlaintexts()).noneMatch(content::contains);
            assertThat(content).doesNotContain(TestPortalConfiguration.MASTER_KEY);
        }
    }

    private String issue(PortalClient client, String alias, String budget) {
        Map<String, List<String>> form = form(alias);
        form.put("max_budget", List.of(budget));
        assertThat(client.post("/keys", form).status()).isEqualTo(200);
        return jdbc.queryForObject("select id::text from issued_key where key_alias = ?", String.class, alias);
    }

    private record Parts(String text, String html) {
    }

    private static Parts parts(MimeMessage message) throws Exception {
        Multipart mixed = (Multipart) message.getContent();
        Multipart alternative = (Multipart) findAlternative(mixed).orElseThrow();
        return new Parts(String.valueOf(alternative.getBodyPart(0).getContent()),
                String.valueOf(alternative.getBodyPart(1).getContent()));
    }

    private static Optional<Object> findAlternative(Multipart multipart) throws Exception {
        if (multipart.getContentType().toLowerCase().startsWith("multipart/alternative")) {
            return Optional.of(multipart);
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).getContent() instanceof Multipart inner) {
                Optional<Object> found = findAlternative(inner);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private MimeMessage awaitMail(String person, String subjectPart) {
        Awaitility.await("a mail about " + subjectPart).atMost(Duration.ofSeconds(5))
                .until(() -> !mails(person, subjectPart).isEmpty());
        return mails(person, subjectPart).get(0);
    }

    private Optional<MimeMessage> mailAbout(String person, String subjectPart) {
        return mails(person, subjectPart).stream().findFirst();
    }

    private List<MimeMessage> mails(String person, String subjectPart) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> {
            try {
                return message.getSubject().contains(subjectPart) && Arrays.stream(
                        message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(address -> address.toString().equals(person + "@example.com"));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
