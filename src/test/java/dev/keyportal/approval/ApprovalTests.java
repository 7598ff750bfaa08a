package dev.keyportal.approval;

import java.util.List;
import java.util.Map;

import dev.keyportal.keyrequest.RequestExpiry;
import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Budgets above the auto-approve line go to a person: the queue, decisions, collection, expiry. */
class ApprovalTests extends FullStackTest {

    @Autowired
    RequestExpiry expiry;

    @Test
    void approvedWithLowerBudgetIsCollectedOnceAndCarriesTheApprover() {
        PortalClient alice = signedIn("alice");
        String id = askAboveCeiling(alice, "big-run-" + System.nanoTime(), "100");
        PortalClient bob = signedIn("bob");

        Page queue = bob.get("/approvals");
        assertThat(queue.text()).contains("Alice Andersen", "Trying the portal");
        assertThat(queue.body()).contains("id=\"pending-approvals\"").contains("over-ceiling");
        Page review = bob.get("/approvals/" + id);
        assertThat(review.text()).contains("Above $25.00 needs approval", "$500.00");

        Page decided = bob.post("/approvals/" + id + "/approve", Map.of("max_budget", List.of("40"),
                "reason", List.of("Start with $40")));
        assertThat(decided.uri().getPath()).isEqualTo("/approvals");
        assertThat(decided.text()).contains("You approved");
        assertThat(status(id)).isEqualTo("APPROVED");
        assertThat(liteLlm.keys()).noneMatch(k -> id.equals(k.metadata().get("portal_request_id")));

        Page mine = alice.get("/requests/" + id);
        assertThat(mine.text()).contains("Bob Brown approved this request", "with lower values", "Start with $40",
                "Collect your key");
        assertThat(mine.body()).contains("id=\"ready-banner\"");

        Page collected = alice.post("/requests/" + id + "/issue", Map.of());
        assertThat(collected.status()).isEqualTo(200);
        assertThat(collected.header("Cache-Control")).contains("no-store");
        StandInKey key = liteLlm.keys().stream().filter(k -> id.equals(k.metadata().get("portal_request_id")))
                .findFirst().orElseThrow();
        assertThat(key.maxBudget()).isEqualTo(40.0);
        assertThat(key.metadata().get("approved_by")).isEqualTo("bob@example.com");
        assertThat(key.allowedRoutes()).as("a collected key may call models only").containsExactly("llm_api_routes");
        assertThat(jdbc.queryForMap("select approval_kind, approved_by from key_request where id = ?::uuid", id))
                .containsEntry("approval_kind", "PERSON").containsEntry("approved_by", "bob@example.com");
        String plaintext = liteLlm.issuedPlaintexts().stream().filter(collected.body()::contains).findFirst()
                .orElseThrow();

        Page again = alice.post("/requests/" + id + "/issue", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).doesNotContain(plaintext);
        assertThat(liteLlm.keys()).filteredOn(k -> id.equals(k.metadata().get("portal_request_id"))).hasSize(1);
        assertThat(jdbc.queryForList("select action from audit_event where request_id = ?::uuid order by id",
                String.class, id)).containsExactly("request.submitted", "request.approved", "request.collected",
                        "key.issued");
    }

    @Test
    void deniedWithAReasonTheRequesterReads() {
        PortalClient dave = signedIn("dave");
        String id = askAboveCeiling(dave, "premium-" + System.nanoTime(), "20", "gpt-4o");
        PortalClient bob = signedIn("bob");

        Page noReason = bob.post("/approvals/" + id + "/deny", Map.of("reason", List.of("  ")));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.text()).contains("Say why");
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");

        bob.post("/approvals/" + id + "/deny", Map.of("reason", List.of("Use gpt-4o-mini <b>please</b>")));

        assertThat(status(id)).isEqualTo("DENIED");
        Page mine = dave.get("/requests/" + id);
        assertThat(mine.text()).contains("Bob Brown denied this request", "Use gpt-4o-mini <b>please</b>");
        assertThat(mine.body()).doesNotContain("<b>please</b>").doesNotContain("id=\"collect\"");
        assertThat(dave.post("/requests/" + id + "/issue", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void nobodyDecidesTheirOwnRequest() {
        PortalClient bob = signedIn("bob");
        String id = askAboveCeiling(bob, "bobs-own-" + System.nanoTime(), "80");

        assertThat(bob.get("/approvals").body()).doesNotContain(id);
        assertThat(bob.post("/approvals/" + id + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(bob.post("/approvals/" + id + "/deny", Map.of("reason", List.of("no"))).status()).isEqualTo(403);
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");

        signedIn("carol").post("/approvals/" + id + "/approve", Map.of());
        assertThat(status(id)).isEqualTo("APPROVED");
    }

    @Test
    void approverOutsideTheTeamCannotSeeOrDecide() {
        PortalClient erin = signedIn("erin");
        String id = askAboveCeiling(erin, "sales-big-" + System.nanoTime(), "60");
        PortalClient bob = signedIn("bob");

        assertThat(bob.get("/approvals").body()).doesNotContain(id);
        assertThat(bob.get("/approvals/" + id).status()).isEqualTo(404);
        assertThat(bob.post("/approvals/" + id + "/approve", Map.of()).status()).isEqualTo(404);
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");
        assertThat(signedIn("carol").get("/approvals/" + id).status()).isEqualTo(200);
        assertThat(signedIn(uniquePerson("employee")).get("/approvals").status()).isEqualTo(403);
    }

    @Test
    void whenTwoDecideAtOnceExactlyOneWinsAndTheOtherIsTold() throws Exception {
        String id = askAboveCeiling(signedIn("dave"), "race-" + System.nanoTime(), "70");
        PortalClient bob = signedIn("bob");
        PortalClient carol = signedIn("carol");
        bob.csrfToken();
        carol.csrfToken();
        List<Page> pages = AtOnce.run(() -> bob.post("/approvals/" + id + "/approve", Map.of()),
                () -> carol.post("/approvals/" + id + "/deny", Map.of("reason", List.of("Too much"))));

        assertThat(pages).filteredOn(p -> p.uri().getPath().equals("/approvals") && p.status() == 200).hasSize(1);
        Page loser = pages.stream().filter(p -> p.status() == 409).findFirst().orElseThrow();
        String finalStatus = status(id);
        assertThat(finalStatus).isIn("APPROVED", "DENIED");
        assertThat(loser.text()).contains(finalStatus.equals("APPROVED") ? "Bob Brown already approved"
                : "Carol Clark already denied").contains("Your decision was not recorded");
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_event where request_id = ?::uuid
                and action in ('request.approved', 'request.denied')""", Integer.class, id)).isEqualTo(1);
    }

    @Test
    void grantedValuesCanOnlyGoDown() {
        String id = askAboveCeiling(signedIn("dave"), "lower-only-" + System.nanoTime(), "50");
        PortalClient bob = signedIn("bob");

        Page higher = bob.post("/approvals/" + id + "/approve", Map.of("max_budget", List.of("60"),
                "models", List.of("claude-opus"), "duration", List.of("300d")));

        assertThat(higher.status()).isEqualTo(422);
        assertThat(higher.text()).contains("At most what was asked", "Only models that were asked for",
                "At most the lifetime that was asked");
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void requesterCanCancelAPendingRequestAndApproversAreToldItIsClosed() {
        PortalClient dave = signedIn("dave");
        String id = askAboveCeiling(dave, "changed-mind-" + System.nanoTime(), "45");

        Page cancelled = dave.post("/requests/" + id + "/cancel", Map.of());
        Page late = signedIn("bob").post("/approvals/" + id + "/approve", Map.of());

        assertThat(cancelled.text()).contains("Your request was cancelled", "CANCELLED");
        assertThat(status(id)).isEqualTo("CANCELLED");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text()).contains("already closed");
        assertThat(signedIn("alice").post("/requests/" + id + "/cancel", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void staleRequestsExpireWithANoteToTheRequester() {
        PortalClient dave = signedIn("dave");
        String waiting = askAboveCeiling(dave, "forgotten-" + System.nanoTime(), "33");
        String uncollected = askAboveCeiling(dave, "uncollected-" + System.nanoTime(), "34");
        signedIn("bob").post("/approvals/" + uncollected + "/approve", Map.of());
        jdbc.update("update key_request set created_at = created_at - interval '15 days' where id = ?::uuid", waiting);
        jdbc.update("update key_request set decided_at = decided_at - interval '8 days' where id = ?::uuid",
                uncollected);

        assertThat(expiry.expireOverdue()).isGreaterThanOrEqualTo(2);

        assertThat(status(waiting)).isEqualTo("EXPIRED");
        assertThat(status(uncollected)).isEqualTo("EXPIRED");
        assertThat(dave.get("/requests/" + waiting).text()).contains("No approver decided within 14 days");
        assertThat(dave.get("/requests/" + uncollected).text()).contains("was not collected within 7 days");
        assertThat(dave.post("/requests/" + uncollected + "/issue", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void perPersonKeyAndBudgetCapsHold() {
        PortalClient person = signedIn(uniquePerson("collector"));
        for (int i = 0; i < 2; i++) {
            askAboveCeiling(person, "big-" + i, "450");
        }
        Map<String, List<String>> third = form("big-2");
        third.put("max_budget", List.of("450"));
        Page overBudget = person.post("/keys", third);
        assertThat(overBudget.status()).isEqualTo(422);
        assertThat(overBudget.text()).contains("over your limit of $1,000.00");

        PortalClient keen = signedIn(uniquePerson("keen"));
        for (int i = 0; i < 10; i++) {
            askAboveCeiling(keen, "small-" + i, "26");
        }
        Page eleventh = keen.post("/keys", form("one-too-many"));
        assertThat(eleventh.status()).isEqualTo(422);
        assertThat(eleventh.text()).contains("the limit is 10");
    }

    private String status(String id) {
        return jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class, id);
    }
}
