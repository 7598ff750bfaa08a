package dev.keyportal.approval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.spend.SpendSync;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees which request in the approval queue, and the count in the navigation that points to it: an approver
 * sees their own team's requests but never their own, an admin every team's, and the count says how many cards
 * the queue shows.
 */
class ApprovalQueueTests extends FullStackTest {

    @Autowired
    SpendSync sync;

    private static final Pattern BADGE = Pattern.compile("id=\"pending-approvals\"[^>]*>(\\d+)</span>");

    @Test
    void theNavigationCountsWhatTheQueueShowsAndNobodySeesTheirOwnRequest() {
        String research = askAboveCeiling(signedIn("alice"), "queue-research-" + System.nanoTime(), "100");
        String sales = askAboveCeiling(signedIn("erin"), "queue-sales-" + System.nanoTime(), "100");
        PortalClient bob = signedIn("bob");
        String bobs = askAboveCeiling(bob, "queue-own-" + System.nanoTime(), "100");

        Page bobsQueue = bob.get("/approvals");
        assertThat(bobsQueue.body()).contains("/approvals/" + research)
                .doesNotContain("/approvals/" + sales, "/approvals/" + bobs);
        assertThat(count(bobsQueue)).isPositive();
        assertThat(cards(bobsQueue)).isEqualTo(Math.min(count(bobsQueue), 50));

        Page carolsQueue = signedIn("carol").get("/approvals");
        assertThat(carolsQueue.body()).contains("/approvals/" + research, "/approvals/" + sales, "/approvals/" + bobs);
        assertThat(count(carolsQueue)).isGreaterThanOrEqualTo(3);
        // a page shows at most 50 cards, oldest first; the count is of every waiting request
        assertThat(cards(carolsQueue)).isEqualTo(Math.min(count(carolsQueue), 50));

        assertThat(count(signedIn("dave").get("/"))).isZero();
    }

    @Test
    void theQueueShowsWhatTheRequesterSpentFromTheCopyWithoutAskingLiteLlm() {
        String person = uniquePerson("spender");
        PortalClient requester = signedIn(person);
        requester.post("/keys", form("spent-already"));
        liteLlm.addSpend(tokenHashesOf(person).get(0), "gpt-4o-mini", 4.37);
        sync.sync();
        String id = askAboveCeiling(requester, "more-" + System.nanoTime(), "100");
        PortalClient carol = signedIn("carol");

        long listCalls = liteLlm.callCount("/key/list");
        Page queue = carol.get("/approvals");
        Page review = carol.get("/approvals/" + id);

        assertThat(queue.body()).contains("/approvals/" + id);
        assertThat(queue.text()).contains("spent $4.37");
        assertThat(review.text()).contains("spent so far $4.37");
        assertThat(liteLlm.callCount("/key/list")).isEqualTo(listCalls);
    }

    @Test
    void aLongQueueComesFiftyAtATimeOldestFirstAndEveryPageCounts() {
        PortalClient carol = signedIn("carol");
        for (int i = 0; i < 3; i++) {
            askAboveCeiling(signedIn(uniquePerson("long-queue")), "long-" + i + "-" + System.nanoTime(), "100");
        }
        int waiting = count(carol.get("/approvals"));
        jdbc.update("""
                insert into key_request (id, requester_id, submission_id, status, key_alias, purpose, models,
                    max_budget, budget_duration, duration, rpm_limit, tpm_limit, max_parallel_requests, team,
                    policy_id, policy_version, litellm_alias, created_at, updated_at, asked_models, asked_max_budget,
                    asked_budget_duration, asked_duration, asked_rpm_limit, asked_tpm_limit,
                    asked_max_parallel_requests, kind, approval_kind)
                select gen_random_uuid(), requester_id, gen_random_uuid(), status, key_alias || '-' || i, purpose,
                    models, max_budget, budget_duration, duration, rpm_limit, tpm_limit, max_parallel_requests, team,
                    policy_id, policy_version, litellm_alias || '-' || i, created_at + i * interval '1 second',
                    updated_at, asked_models, asked_max_budget, asked_budget_duration, asked_duration,
                    asked_rpm_limit, asked_tpm_limit, asked_max_parallel_requests, kind, approval_kind
                from key_request cross join generate_series(1, 60) i
                where id = (select id from key_request where key_alias like 'long-2-%' order by created_at desc
                            limit 1)""");
        int total = waiting + 60;
        int pages = (total + 49) / 50;

        Page first = carol.get("/approvals");
        assertThat(count(first)).isEqualTo(total);
        assertThat(cards(first)).isEqualTo(50);
        assertThat(first.text()).contains(total + " requests wait, oldest first; page 1 of " + pages);
        Page last = carol.get("/approvals?page=" + pages);
        assertThat(cards(last)).isEqualTo(total - 50 * (pages - 1));
        assertThat(last.text()).contains("-60");
        assertThat(carol.get("/approvals?page=99999").text()).contains("page " + pages + " of " + pages);
        assertThat(carol.get("/approvals?page=-1").text()).contains("page 1 of " + pages);

        jdbc.update("update key_request set status = 'CANCELLED' where key_alias like 'long-2-%-%'");
    }

    /** The number in the navigation's badge; no badge means nothing waits. */
    private static int count(Page page) {
        Matcher badge = BADGE.matcher(page.body());
        return badge.find() ? Integer.parseInt(badge.group(1)) : 0;
    }

    private static int cards(Page page) {
        return page.body().split("review-card", -1).length - 1;
    }
}
