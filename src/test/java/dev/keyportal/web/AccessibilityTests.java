package dev.keyportal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.keyportal.testsupport.Chromium;
import dev.keyportal.testsupport.FullStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core (Deque's engine, run in the real browser) checks every page an employee, an approver and an admin see
 * against WCAG 2.0, 2.1 and 2.2 levels A and AA; any violation fails the test with the page, rule and elements.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityTests extends FullStackTest {

    static final List<String> WCAG_A_AND_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a",
            "wcag22aa");

    private Chromium chromium;
    private final List<String> violations = new ArrayList<>();

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
    void theCheckReportsAViolationWhenAPageHasOne() {
        Chromium.Person visitor = chromium.person(port);
        Page page = visitor.page();
        page.navigate(visitor.url("/signed-out"));
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend',"
                + " '<img src=\"/favicon.ico\"><input type=\"text\" id=\"unlabelled\">')");

        List<String> found = violations(page, "a page broken on purpose");

        assertThat(found).anyMatch(violation -> violation.contains("image-alt"))
                .anyMatch(violation -> violation.contains("label") && violation.contains("#unlabelled"));
    }

    @Test
    void everyPageOfEveryRoleHasNoWcagViolation() {
        Chromium.Person visitor = chromium.person(port);
        visit(visitor.page(), visitor.url("/signed-out"), "anyone: signed out");
        Chromium.Person employee = chromium.person(port);
        employee.signIn(uniquePerson("a11y"));
        Page page = employee.page();
        check(page, "employee: home (no keys yet)");
        visit(page, "/keys/new", "employee: request form");
        page.locator("#key_alias").fill("a11y-laptop");
        page.locator("#model-gpt-4o-mini").check();
        page.locator("#purpose").fill("Checking accessibility");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request key")).click();
        page.locator("input#new-key").waitFor();
        check(page, "employee: the key shown once");
        visit(page, "/keys", "employee: my keys");
        String keyPath = page.locator("main a[href^='/keys/']").filter(new com.microsoft.playwright.Locator
                .FilterOptions().setHasText("a11y-laptop")).first().getAttribute("href");
        visit(page, keyPath, "employee: a key");
        visit(page, "/keys/new", "employee: request form, again");
        page.locator("#key_alias").fill("a11y-big");
        page.locator("#model-gpt-4o-mini").check();
        page.locator("#max_budget").fill("5000");
        page.locator("#purpose").fill("Too much");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request key")).click();
        page.locator("#max_budget-error").waitFor();
        check(page, "employee: request form with a refused value");
        page.locator("#max_budget").fill("100");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request key")).click();
        page.waitForURL(Pattern.compile(".*/requests/[0-9a-f-]+$"));
        String requestPath = page.url().substring(page.url().indexOf("/requests/"));
        check(page, "employee: a waiting request");
        visit(page, "/requests", "employee: my requests");
        visit(page, "/", "employee: home");
        visit(page, "/spend", "employee: my spend");
        visit(page, "/keys/00000000-0000-0000-0000-000000000000", "employee: not found");
        visit(page, "/admin/keys", "employee: forbidden");

        Chromium.Person approver = chromium.person(port);
        approver.signIn("bob");
        visit(approver.page(), "/approvals", "approver: queue");
        visit(approver.page(), "/", "approver: home");

        Chromium.Person admin = chromium.person(port);
        admin.signIn("carol");
        Page adminPage = admin.page();
        visit(adminPage, "/", "admin: home");
        visit(adminPage, "/approvals" + requestPath.substring("/requests".length()), "admin: a request to decide");
        visit(adminPage, "/approvals", "admin: queue");
        visit(adminPage, "/admin/keys", "admin: all keys");
        visit(adminPage, "/admin/users", "admin: people");
        visit(adminPage, "/admin/policies", "admin: policies");
        String policyPath = adminPage.locator("main a[href^='/admin/policies/']").first().getAttribute("href");
        visit(adminPage, policyPath, "admin: policy editor");
        visit(adminPage, "/admin/import", "admin: import");
        visit(adminPage, "/admin/unsettled", "admin: unsettled requests");
        visit(adminPage, "/admin/spend", "admin: spend");
        visit(adminPage, "/admin/audit", "admin: audit trail");
        visit(adminPage, "/spend", "admin: own spend");

        assertThat(violations).as("WCAG 2.2 A/AA violations found by axe-core").isEmpty();
    }

    private void visit(Page page, String path, String name) {
        page.navigate(path.startsWith("http") ? path : page.url().replaceAll("^(https?://[^/]+).*", "$1") + path);
        check(page, name);
    }

    private void check(Page page, String name) {
        violations.addAll(violations(page, name));
    }

    /** What axe-core finds on the page as it is now, one line per rule broken, naming the elements. */
    private static List<String> violations(Page page, String name) {
        AxeResults results = new AxeBuilder(page).withTags(WCAG_A_AND_AA).analyze();
        assertThat(results.getPasses()).as("axe-core ran on " + name).isNotEmpty();
        return results.getViolations().stream().map(rule -> name + " (" + page.url() + "): " + rule.getId() + " ["
                + rule.getImpact() + "] " + rule.getHelp() + " — " + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
                .toList();
    }
}
