package dev.keyportal.web;

import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.keyportal.testsupport.Chromium;
import dev.keyportal.spend.SpendSync;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person in a real browser (headless Chromium through Playwright): signs in at the OIDC provider, requests a key,
 * sees it exactly once, and meets field errors where they belong. The screenshots in docs/images come from here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserJourneyTests extends FullStackTest {

    @Autowired
    SpendSync sync;

    private Chromium chromium;
    private Page page;
    private Chromium.Person person;
    private List<String> browserComplaints;

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

    @BeforeEach
    void openContext() {
        person = chromium.person(port);
        page = person.page();
        browserComplaints = person.complaints();
    }

    @AfterEach
    void closeContext() {
        chromium.closeContexts();
    }

    @Test
    void signsInRequestsAKeyAndSeesItOnce() {
        signIn(uniquePerson("browser"));
        PlaywrightAssertions.assertThat(page.locator("h1")).containsText("Hello, ");
        screenshot("home-empty.png", false);

        page.getByRole(AriaRole.MAIN).getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Request a key").setExact(true)).click();
        page.waitForURL(Pattern.compile(".*/keys/new$"));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Request a key");
        PlaywrightAssertions.assertThat(page.locator("main form")).containsText("auto-approved up to $25.00");
        PlaywrightAssertions.assertThat(page.locator("main form")).containsText("at most $500.00");
        screenshot("request-form.png", true);

        page.locator("#key_alias").fill("laptop");
        page.locator("#model-gpt-4o-mini").check();
        page.locator("#purpose").fill("Trying the portal from a real browser");
        Response issued = page.waitForResponse(
                response -> "POST".equals(response.request().method()) && response.url().endsWith("/keys"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request key")).click());
        assertThat(issued.status()).isEqualTo(200);
        assertThat(issued.headers().get("cache-control")).contains("no-store");
        assertThat(issued.headers().get("content-security-policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");

        Locator keyInput = page.locator("input#new-key");
        PlaywrightAssertions.assertThat(keyInput).hasValue(Pattern.compile("^sk-.+"));
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("only time the key is shown");
        String key = keyInput.inputValue();
        screenshot("key-issued.png", false);
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("I have saved it")).click();
        page.waitForURL(Pattern.compile(".*/keys$"));
        String masked = "sk-..." + key.substring(key.length() - 4);
        Locator row = page.locator("#keys tbody tr").filter(new Locator.FilterOptions().setHasText("laptop"));
        PlaywrightAssertions.assertThat(row).hasCount(1);
        PlaywrightAssertions.assertThat(row).containsText(masked);
        assertThat(page.content()).doesNotContain(key);
        screenshot("my-keys.png", false);

        // Back towards the page that showed the key. It answered a POST with no-store, so the browser has nothing to
        // show from its cache (Chromium would show "Confirm Form Resubmission"); and because "I have saved it" goes
        // to the same URL (/keys), Chromium replaces that history entry, so Back lands on the empty form. Either
        // way the key must not come back.
        try {
            page.goBack();
        } catch (PlaywrightException cacheMiss) {
            // net::ERR_CACHE_MISS surfaces as a navigation error: the key was not shown again.
        }
        assertThat(page.content()).doesNotContain(key);
        assertThat(page.locator("#new-key").count()).isZero();
        page.navigate(base("/keys"));
        assertThat(page.content()).doesNotContain(key).contains(masked);

        assertThat(browserComplaints).noneMatch(c -> c.contains("Content Security Policy"));
    }

    @Test
    void showsFieldErrorsBesideTheFieldAndFocusesTheFirst() {
        signIn(uniquePerson("browser-greedy"));
        page.navigate(base("/keys/new"));

        page.locator("#key_alias").fill("big");
        page.locator("#model-gpt-4o-mini").check();
        page.locator("#max_budget").fill("5000");
        page.locator("#purpose").fill("Far too much");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request key")).click();

        Locator error = page.locator("#max_budget-error");
        PlaywrightAssertions.assertThat(error).isVisible();
        PlaywrightAssertions.assertThat(error).containsText("At most $500.00");
        Locator budget = page.locator("#max_budget");
        PlaywrightAssertions.assertThat(budget).hasAttribute("aria-invalid", "true");
        PlaywrightAssertions.assertThat(budget).hasAttribute("aria-describedby",
                Pattern.compile("\\bmax_budget-error\\b"));
        // The error sits beside its field: directly under the input, within the same column.
        var field = budget.boundingBox();
        var message = error.boundingBox();
        assertThat(message.y).isGreaterThanOrEqualTo(field.y + field.height - 1);
        assertThat(message.y).isLessThan(field.y + field.height + 40);
        assertThat(message.x).isBetween(field.x - 1, field.x + field.width);

        PlaywrightAssertions.assertThat(page.locator("#form-errors")).isVisible();
        Locator firstInvalid = page.locator(".is-invalid").first();
        PlaywrightAssertions.assertThat(firstInvalid).isFocused();
        PlaywrightAssertions.assertThat(budget).isFocused();
        screenshot("request-form-error.png", true);

        assertThat(browserComplaints).noneMatch(c -> c.contains("Content Security Policy"));
    }

    @Test
    void adminReachesThePolicyEditorThroughTheAdminMenu() {
        signIn("carol");

        page.locator("#admin-menu").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Policies").setExact(true)).click();

        page.waitForURL(Pattern.compile(".*/admin/policies$"));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Key policies");
        screenshot("admin-policies.png", true);
        assertThat(browserComplaints).noneMatch(c -> c.contains("Content Security Policy"));
    }

    @Test
    void spendDashboardsShowChartsWarningsAndDrillDownForThePersonAndTheAdmin() {
        String who = uniquePerson("browser-spender");
        signIn(who);
        PortalClient api = signedIn(who); // the keys come from the same portal, over HTTP, to save browser time
        api.post("/keys", form("notebook"));
        api.post("/keys", form("batch-jobs"));
        List<String> hashes = tokenHashesOf(who);
        liteLlm.addSpend(hashes.get(0), "gpt-4o-mini", 3.10);
        liteLlm.addSpend(hashes.get(0), "claude-haiku", 1.40);
        liteLlm.addSpend(hashes.get(1), "gpt-4o-mini", 8.60);
        sync.sync();

        page.navigate(base("/spend"));
        PlaywrightAssertions.assertThat(page.locator("#budget-warnings")).containsText("notebook has used 86%");
        PlaywrightAssertions.assertThat(page.locator("#spend-chart svg rect.series-0")).not().hasCount(0);
        PlaywrightAssertions.assertThat(page.locator("#spend-chart figcaption")).containsText("claude-haiku");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions()
                .setName("The last 30 days: $13.10"))).isVisible();
        PlaywrightAssertions.assertThat(page.locator("#budget-rule")).containsText("80% of its budget");
        screenshot("my-spend.png", true);
        assertThat(browserComplaints).noneMatch(c -> c.contains("Content Security Policy"));

        chromium.closeContexts();
        person = chromium.person(port);
        page = person.page();
        browserComplaints = person.complaints();
        signIn("carol");
        page.locator("#admin-menu").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Spend").setExact(true)).click();
        page.waitForURL(Pattern.compile(".*/admin/spend$"));
        PlaywrightAssertions.assertThat(page.locator("#near-budget")).containsText("notebook");
        PlaywrightAssertions.assertThat(page.locator("#spend-chart svg")).isVisible();
        PlaywrightAssertions.assertThat(page.locator("#spend-by-person")).containsText(who + "@example.com");
        PlaywrightAssertions.assertThat(page.locator("#spend-total")).isVisible();
        screenshot("admin-spend.png", true);

        page.locator("#spend-by-team").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName("(no team)")).click();
        page.locator("#spend-by-person").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(who + "@example.com")).click();
        PlaywrightAssertions.assertThat(page.locator("h1")).containsText("Spend of " + who + "@example.com");
        PlaywrightAssertions.assertThat(page.locator("#spend-total")).containsText("$13.10");
        PlaywrightAssertions.assertThat(page.locator("#spend-by-key")).containsText("notebook");
        assertThat(browserComplaints).noneMatch(c -> c.contains("Content Security Policy"));
    }

    private void signIn(String username) {
        person.signIn(username);
        assertThat(page.url()).startsWith(base("/"));
    }

    private String base(String path) {
        return person.url(path);
    }

    private void screenshot(String name, boolean fullPage) {
        person.screenshot(name, fullPage);
    }
}
