package dev.keyportal.audit;

import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Audit fails closed (docs/architecture.md): audited in the same transaction, append-only, hash-chained, never a
 * secret.
 */
class AuditTrailTests extends FullStackTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void issuingAKeyLeavesAnIntactChainOfEventsWithoutTheKey() {
        String person = uniquePerson("audited");
        PortalClient browser = signedIn(person);
        Page issued = browser.post("/keys", form("audited"));
        String plaintext = liteLlm.issuedPlaintexts().stream().filter(issued.body()::contains).findFirst()
                .orElseThrow();
        String requestId = jdbc.queryForObject("""
                select r.id::text from key_request r join portal_user u on u.id = r.requester_id
                where u.subject = ?""", String.class, person);

        var events = audit.forRequest(java.util.UUID.fromString(requestId));

        assertThat(events).extracting(AuditRecord::action).containsExactly("request.submitted", "key.issued");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.actorName()).isEqualTo(person);
            assertThat(String.valueOf(event.after())).doesNotContain(plaintext);
        });
        assertThat(audit.firstBrokenLink()).isEqualTo(-1);
    }

    @Test
    void auditRowsCannotBeChangedOrRemoved() {
        signedIn(uniquePerson("immutable"));

        assertThatThrownBy(() -> jdbc.update("update audit_event set actor_name = 'someone else'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_event")).hasMessageContaining("append-only");
    }

    @Test
    void refusesToRecordAnythingThatLooksLikeAKey() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> audit.record(AuditEntry.of(null,
                "test", "test.secret", "TEST", "1", null, null, Map.of("oops", "sk-abcdefghijklmnopqrstuv")))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anActionThatCannotBeAuditedDoesNotHappen() {
        String person = uniquePerson("unauditable");
        PortalClient browser = signedIn(person);
        long generates = liteLlm.callCount("/key/generate");
        jdbc.execute("alter table audit_event add constraint audit_blocked check (actor_name <> '" + person
                + "') not valid");
        Page page;
        try {
            page = browser.post("/keys", form("unaudited"));
        } finally {
            jdbc.execute("alter table audit_event drop constraint audit_blocked");
        }

        assertThat(page.status()).isEqualTo(500);
        assertThat(page.text()).contains("Something went wrong").doesNotContain("Exception");
        assertThat(jdbc.queryForObject("select count(*) from key_request where key_alias = 'unaudited'",
                Integer.class)).isZero();
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generates);
    }
}
