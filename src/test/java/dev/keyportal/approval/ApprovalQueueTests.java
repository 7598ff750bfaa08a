package dev.keyportal.approval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees which request in the approval queue, and the count in the navigation that points to it: an approver
 * sees their own team's requests but never their own, an admin every team's, and the count says how many cards
 * the queue shows.
 */
class ApprovalQueueTests extends FullStackTest {

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
        assertThat(count(bobsQueue)).isEqualTo(cards(bobsQueue)).isPositive();

        Page carolsQueue = signedIn("carol").get("/approvals");
        assertThat(carolsQueue.body()).contains("/approvals/" + research, "/approvals/" + sales, "/approvals/" + bobs);
        assertThat(count(carolsQueue)).isEqualTo(cards(carolsQueue)).isGreaterThanOrEqualTo(3);

        assertThat(count(signedIn("dave").get("/"))).isZero();
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
