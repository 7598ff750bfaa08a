package dev.keyportal.web;

import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.keyportal.testsupport.Chromium;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two people in real browsers (headless Chromium through Playwright): a requester asks for a budget above the
 * auto-approve ceiling, an approver grants less, and the requester collects the key once. The approval screenshots
 * in docs/images come from here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApproverJourneyBrowserTests extends FullStackTest {

    private static final Pattern REQUEST_PAGE = Pattern.compile(".*/requests/([0-9a-f-]{36})$");

    private Chromium chromium;

    @BeforeAll
    void startBrowser() {
        chromium = Chromium.launch();
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void closeContexts() {
        chromium.closeContexts();
    }

    @Test
    void requesterAsksAboveTheCeilingApproverApprovesRequesterCollects() {
        String alias = "approved-run-" + System.nanoTime();
        String note = "Start with $40 and ask again when it runs out";

        // 1. Dave asks for more than the auto-approve ceiling; the form tells him so as he types.
        Person dave = new Person();
        dave.signIn("dave");
        Page davePage = dave.page;
        davePage.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Request a key").setExact(true)).click();
        davePage.waitForURL(Pattern.compile(".*/keys/new$"));
        PlaywrightAssertions.assertThat(davePage.locator("h1")).hasText("Request a key");

        davePage.locator("#key_alias").fill(alias);
        davePage.locator("#model-gpt-4o-mini").check();
        Locator budget = davePage.locator("#max_budget");
        Locator band = davePage.locator("#max_budget-band");
        budget.fill("60");
        PlaywrightAssertions.assertThat(band).hasText("Needs approval");
        budget.fill("600");
        PlaywrightAssertions.assertThat(band).containsText("Above the limit");
        budget.fill("60");
        PlaywrightAssertions.assertThat(band).hasText("Needs approval");
        davePage.locator("#purpose").fill("Evaluating summarisation quality on the research corpus");
        davePage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request key")).click();

        davePage.waitForURL(REQUEST_PAGE);
        String requestUrl = davePage.url();
        var matcher = REQUEST_PAGE.matcher(requestUrl);
        assertThat(matcher.matches()).isTrue();
        String id = matcher.group(1);
        PlaywrightAssertions.assertThat(davePage.locator("main .status-badge")).hasText("PENDING APPROVAL");
        // The flash, not the policy's "Above $25.00 needs approval." note that also sits on this page.
        PlaywrightAssertions.assertThat(davePage.getByRole(AriaRole.STATUS).filter(
                new Locator.FilterOptions().setHasText("Your request needs approval"))).isVisible();

        // 2. Bob sees the count, the queue with the value above the ceiling highlighted, reviews and grants less.
        Person bob = new Person();
        bob.signIn("bob");
        Page bobPage = bob.page;
        PlaywrightAssertions.assertThat(bobPage.locator("#pending-approvals")).isVisible();
        bobPage.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName(Pattern.compile("^Approvals"))).click();
        bobPage.waitForURL(Pattern.compile(".*/approvals$"));
        PlaywrightAssertions.assertThat(bobPage.locator("h1")).hasText("Approvals");

        Locator card = bobPage.locator(".review-card").filter(new Locator.FilterOptions().setHasText(alias));
        PlaywrightAssertions.assertThat(card).hasCount(1);
        PlaywrightAssertions.assertThat(card).containsText("Dave Dalton");
        Locator overCeiling = card.locator(".over-ceiling");
        PlaywrightAssertions.assertThat(overCeiling).hasCount(1);
        PlaywrightAssertions.assertThat(overCeiling).containsText("Budget");
        PlaywrightAssertions.assertThat(overCeiling).containsText("$60.00");
        bob.screenshot("approvals-queue.png", true);

        card.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Review").setExact(true)).click();
        bobPage.waitForURL(Pattern.compile(".*/approvals/" + id + "$"));
        Locator values = bobPage.locator("#values");
        PlaywrightAssertions.assertThat(values).isVisible();
        PlaywrightAssertions.assertThat(values.locator("tr.over-ceiling")).containsText("$60.00");
        PlaywrightAssertions.assertThat(values).containsText("Above $25.00 needs approval");
        bob.screenshot("approval-review.png", true);

        Locator approveForm = bobPage.locator("#approve-form");
        approveForm.locator("#grant-max_budget").fill("40");
        approveForm.locator("#approve-reason").fill(note);
        approveForm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve").setExact(true))
                .click();
        bobPage.waitForURL(Pattern.compile(".*/approvals$"));
        PlaywrightAssertions.assertThat(bobPage.locator("main")).containsText("You approved " + alias);
        PlaywrightAssertions.assertThat(bobPage.locator(".review-card").filter(
                new Locator.FilterOptions().setHasText(alias))).hasCount(0);

        // 3. Dave reads the decision, is told in the navigation, and collects the key.
        davePage.reload();
        Locator decision = davePage.locator("#decision");
        PlaywrightAssertions.assertThat(decision).containsText("Bob Brown approved this request");
        PlaywrightAssertions.assertThat(decision).containsText("with lower values");
        PlaywrightAssertions.assertThat(decision).containsText(note);
        PlaywrightAssertions.assertThat(davePage.locator("#ready-banner")).isVisible();
        PlaywrightAssertions.assertThat(davePage.locator("main .status-badge")).hasText("APPROVED");
        Locator collect = davePage.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Collect your key").setExact(true));
        PlaywrightAssertions.assertThat(collect).isVisible();
        dave.screenshot("request-approved.png", true);

        collect.click();
        Locator keyInput = davePage.locator("input#new-key");
        PlaywrightAssertions.assertThat(keyInput).hasValue(Pattern.compile("^sk-.+"));
        PlaywrightAssertions.assertThat(davePage.getByRole(AriaRole.ALERT)).containsText("only time the key is shown");
        String key = keyInput.inputValue();
        dave.screenshot("key-collected.png", false);

        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);
        StandInKey issued = liteLlm.keys().stream().filter(k -> id.equals(k.metadata().get("portal_request_id")))
                .findFirst().orElseThrow();
        assertThat(issued.maxBudget()).isEqualTo(40.0);
        assertThat(issued.metadata().get("approved_by")).isEqualTo("bob@example.com");

        // 4. The request page never shows the key again.
        davePage.navigate(requestUrl);
        PlaywrightAssertions.assertThat(davePage.locator("main .status-badge")).hasText("ISSUED");
        assertThat(davePage.content()).doesNotContain(key);
        // (the navigation banner may still point at other approved requests of dave's from other tests)
        PlaywrightAssertions.assertThat(davePage.locator("#collect")).hasCount(0);
        PlaywrightAssertions.assertThat(davePage.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Collect your key"))).hasCount(0);

        assertThat(dave.complaints).noneMatch(c -> c.contains("Content Security Policy"));
        assertThat(bob.complaints).noneMatch(c -> c.contains("Content Security Policy"));
    }

    /** One person in the browser, with the names this test reads well with. */
    private final class Person {

        final Chromium.Person person = chromium.person(port);
        final Page page = person.page();
        final List<String> complaints = person.complaints();

        void signIn(String username) {
            person.signIn(username);
            assertThat(page.url()).startsWith(base("/"));
        }

        void screenshot(String name, boolean fullPage) {
            person.screenshot(name, fullPage);
        }
    }

    private String base(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
