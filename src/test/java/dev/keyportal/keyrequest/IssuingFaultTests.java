package dev.keyportal.keyrequest;

import java.time.Duration;
import java.util.List;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LiteLLM failing while a key is issued: the page the person sees, and the final state in both stores — never
 * a key in LiteLLM that the portal does not know about once the reconciler has run.
 */
class IssuingFaultTests extends FullStackTest {

    @Autowired
    IssuingReconciler reconciler;

    @Test
    void serverErrorLeavesRequestIssuingUntilTheReconcilerFailsIt() {
        Attempt attempt = issueWith(Fault.HTTP_500, "f500");

        assertUnknownOutcomePage(attempt.page);
        assertThat(attempt.status()).isEqualTo("ISSUING");
        assertThat(signedIn("carol").get("/admin/unsettled").text()).contains("f500", "ISSUING");
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void keyCreatedBeforeServerErrorIsDeletedByTheReconciler() {
        Attempt attempt = issueWith(Fault.CREATE_THEN_500, "created-then-500");

        assertUnknownOutcomePage(attempt.page);
        assertThat(attempt.keysInLiteLlm()).hasSize(1);
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void readTimeoutWithTheKeyCreatedLateEndsWithNoKey() {
        Attempt attempt = issueWith(Fault.TIMEOUT, "late");

        assertUnknownOutcomePage(attempt.page);
        liteLlm.awaitIdle(Duration.ofSeconds(10));
        assertThat(attempt.keysInLiteLlm()).hasSize(1);
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void keyThatLiteLlmCreatesAfterTheRequestFailedIsDeletedByTheNextRun() {
        Attempt attempt = issueWith(Fault.TIMEOUT, "later-still");
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");

        liteLlm.awaitIdle(Duration.ofSeconds(10));
        assertThat(attempt.keysInLiteLlm()).hasSize(1);
        settle();

        assertNoKeyAnywhere(attempt);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'request.late_key_deleted'"
                + " and subject_id = (select id::text from key_request where key_alias = 'later-still')",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void keyCreatedThenAnswerLostInTimeoutIsDeleted() {
        Attempt attempt = issueWith(Fault.CREATE_THEN_TIMEOUT, "lost-answer");

        assertUnknownOutcomePage(attempt.page);
        liteLlm.awaitIdle(Duration.ofSeconds(10));
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void malformedSuccessIsTreatedAsUnknownOutcome() {
        Attempt attempt = issueWith(Fault.MALFORMED_JSON, "garbled");

        assertUnknownOutcomePage(attempt.page);
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void connectionResetIsTreatedAsUnknownOutcome() {
        Attempt attempt = issueWith(Fault.CONNECTION_RESET, "reset");

        assertUnknownOutcomePage(attempt.page);
        settle();
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void rejectedMasterKeyFailsAtOnceWithAnExplanation() {
        Attempt attempt = issueWith(Fault.HTTP_401, "unauthorised");

        assertThat(attempt.page.status()).isEqualTo(502);
        assertThat(attempt.page.text()).contains("No key was issued", "refused the portal's credentials");
        assertNoStackTrace(attempt.page);
        assertThat(attempt.status()).isEqualTo("FAILED");
        assertNoKeyAnywhere(attempt);
    }

    @Test
    void slowButSuccessfulLiteLlmStillIssuesTheKey() {
        Attempt attempt = issueWith(Fault.SLOW, "patient");

        assertThat(attempt.page.status()).isEqualTo(200);
        assertThat(attempt.status()).isEqualTo("ISSUED");
        assertThat(attempt.keysInLiteLlm()).hasSize(1);
    }

    @Test
    void keyCreatedInLiteLlmWhoseLocalCommitFailsIsDeletedThere() {
        String person = uniquePerson("uncommitted");
        PortalClient browser = signedIn(person);
        jdbc.execute("alter table issued_key add constraint refuse_uncommitted check (key_alias <> 'doomed') not valid");
        Page page;
        try {
            page = browser.post("/keys", form("doomed"));
        } finally {
            jdbc.execute("alter table issued_key drop constraint refuse_uncommitted");
        }

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.text()).contains("could not be recorded, so it was withdrawn");
        assertNoStackTrace(page);
        assertThat(requestStatus("doomed", person)).isEqualTo("FAILED");
        assertThat(liteLlm.keys()).noneMatch(k -> (person + "@example.com").equals(k.userId()));
        assertThat(liteLlm.issuedPlaintexts()).noneMatch(page.body()::contains);
    }

    @Test
    void failingUserCreationFailsTheRequestWithoutCallingKeyGenerate() {
        String person = uniquePerson("nouser");
        PortalClient browser = signedIn(person);
        long generates = liteLlm.callCount("/key/generate");
        liteLlm.failAlways("/user/info", Fault.HTTP_500);

        Page page = browser.post("/keys", form("no-user"));

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.text()).contains("No key was issued");
        assertThat(requestStatus("no-user", person)).isEqualTo("FAILED");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates);
    }

    @Test
    void aFailedRequestCanBeAskedAgainAndThenSucceeds() {
        Attempt attempt = issueWith(Fault.HTTP_500, "again");
        settle();

        Page retry = attempt.browser.post("/keys", form("again"));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(liteLlm.keys()).filteredOn(k -> attempt.userId().equals(k.userId())).hasSize(1);
    }

    private Attempt issueWith(Fault fault, String alias) {
        String person = uniquePerson(alias);
        PortalClient browser = signedIn(person);
        liteLlm.failNext("/key/generate", fault);
        Page page = browser.post("/keys", form(alias));
        return new Attempt(person, alias, browser, page);
    }

    private void settle() {
        reconciler.settleStale(Duration.ZERO);
    }

    private void assertUnknownOutcomePage(Page page) {
        assertThat(page.status()).isEqualTo(504);
        assertThat(page.text()).contains("LiteLLM did not confirm your key", "request the key again");
        assertNoStackTrace(page);
    }

    private static void assertNoStackTrace(Page page) {
        assertThat(page.body()).doesNotContain("Exception", "at dev.keyportal", "at org.springframework");
    }

    private void assertNoKeyAnywhere(Attempt attempt) {
        assertThat(attempt.keysInLiteLlm()).isEmpty();
        assertThat(jdbc.queryForObject("""
                select count(*) from issued_key k join portal_user u on u.id = k.owner_id where u.subject = ?""",
                Integer.class, attempt.person)).isZero();
        assertThat(liteLlm.issuedPlaintexts()).noneMatch(attempt.page.body()::contains);
    }

    private final class Attempt {
        final String person;
        final String alias;
        final PortalClient browser;
        final Page page;

        Attempt(String person, String alias, PortalClient browser, Page page) {
            this.person = person;
            this.alias = alias;
            this.browser = browser;
            this.page = page;
        }

        String userId() {
            return person + "@example.com";
        }

        String status() {
            return requestStatus(alias, person);
        }

        List<StandInKey> keysInLiteLlm() {
            return liteLlm.keys().stream().filter(k -> userId().equals(k.userId())).toList();
        }
    }
}
