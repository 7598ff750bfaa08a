package dev.keyportal.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.keyportal.testsupport.Chromium;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journeys people make, with the keyboard only (Tab, Shift+Tab, Space, Enter and typing): each control is
 * reached by tabbing in page order, never by a click. Signing in happens at the identity provider, not here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyboardJourneyTests extends FullStackTest {

    /** More tabs than any page of the portal has stops before the control a journey needs. */
    private static final int MAX_TABS = 80;

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
    void requestCollectAndRevokeAKeyWithTheKeyboard() {
        Chromium.Person person = chromium.person(port);
        Page page = person.page();
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        person.signIn(uniquePerson("keyboard"));

        tabTo(page, page.locator("main a[href='/keys/new']"));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/keys/new$"));
        tabTo(page, page.locator("#key_alias"));
        page.keyboard().type("typed-only");
        tabTo(page, page.locator("#model-gpt-4o-mini"));
        page.keyboard().press("Space");
        tabTo(page, page.locator("#purpose"));
        page.keyboard().type("Keyboard only");
        tabTo(page, page.locator("main button[type=submit]"));
        page.keyboard().press("Enter");

        Locator key = page.locator("#new-key");
        key.waitFor();
        PlaywrightAssertions.assertThat(key).isFocused();
        tabTo(page, page.locator("button[data-copy-target=new-key]"));
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.STATUS)
                .filter(new Locator.FilterOptions().setHasText("Copied"))).hasText("Copied to the clipboard.");
        assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(key.inputValue());

        tabTo(page, page.locator("main a[href='/keys']"));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/keys$"));
        tabTo(page, page.locator("main a[href^='/keys/']").filter(new Locator.FilterOptions().setHasText("typed-only")));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/keys/[0-9a-f-]+$"));
        tabTo(page, page.locator("#confirm-revoke"));
        page.keyboard().press("Space");
        tabTo(page, page.locator("#revoke-form button[type=submit]"));
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page.locator("main")).containsText("revoked");
    }

    @Test
    void approveAndDenyWithTheKeyboard() {
        PortalClient alice = signedIn("alice");
        String approveAlias = "kb-approve-" + System.nanoTime();
        String denyAlias = "kb-deny-" + System.nanoTime();
        String approveId = askAboveCeiling(alice, approveAlias, "60");
        String denyId = askAboveCeiling(alice, denyAlias, "70");
        Chromium.Person bob = chromium.person(port);
        Page page = bob.page();
        bob.signIn("bob");

        page.navigate(bob.url("/approvals"));
        tabTo(page, page.locator("main a[href='/approvals/" + approveId + "']").first());
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/approvals/" + approveId + "$"));
        tabTo(page, page.locator("#approve-reason"));
        page.keyboard().type("Fine for this project");
        tabTo(page, page.locator("#approve-form button[type=submit]"));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/approvals$"));
        PlaywrightAssertions.assertThat(page.locator("main")).containsText("You approved");

        tabTo(page, page.locator("main a[href='/approvals/" + denyId + "']").first());
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/approvals/" + denyId + "$"));
        tabTo(page, page.locator("#deny-reason"));
        page.keyboard().type("Not this quarter");
        tabTo(page, page.locator("#deny-form button[type=submit]"));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*/approvals$"));

        assertThat(requestStatus(approveAlias, "alice")).isEqualTo("APPROVED");
        assertThat(requestStatus(denyAlias, "alice")).isEqualTo("DENIED");
    }

    @Test
    void editAPolicyWithTheKeyboard() {
        String team = "kb-team-" + System.nanoTime();
        signedIn("carol").post("/admin/policies/teams", Map.of("team", List.of(team)));
        String id = jdbc.queryForObject("select id::text from key_policy where team = ?", String.class, team);
        Chromium.Person carol = chromium.person(port);
        Page page = carol.page();
        carol.signIn("carol");

        page.navigate(carol.url("/admin/policies/" + id));
        Locator ceiling = page.locator("#ceiling_max_budget");
        tabTo(page, ceiling);
        page.keyboard().press("ControlOrMeta+A");
        page.keyboard().type("30");
        tabTo(page, page.locator("main button[type=submit]").first());
        page.keyboard().press("Enter");

        PlaywrightAssertions.assertThat(page.locator("main")).containsText("Saved as version 2");
        assertThat(jdbc.queryForObject("select ceiling_max_budget::text from key_policy where id = ?::uuid",
                String.class, id)).isEqualTo("30.00");
    }

    /** Presses Tab until {@code target} has the focus; fails when it is not reached, so it is not keyboard-usable. */
    private static void tabTo(Page page, Locator target) {
        target.first().waitFor();
        for (int i = 0; i < MAX_TABS; i++) {
            if (focused(target.first())) {
                return;
            }
            page.keyboard().press("Tab");
        }
        throw new AssertionError("Not reachable with Tab within " + MAX_TABS + " stops: " + target);
    }

    private static boolean focused(Locator target) {
        return (Boolean) target.evaluate("element => element === document.activeElement");
    }
}
