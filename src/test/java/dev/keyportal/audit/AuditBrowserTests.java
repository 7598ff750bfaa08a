package dev.keyportal.audit;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.keyportal.testsupport.Chromium;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin in a real browser: reaches the audit trail through the admin menu, meets a filter error next to its
 * field, filters to one person and one action, follows an event to its subject, and downloads the JSON Lines export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditBrowserTests extends FullStackTest {

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

    @Test
    void anAdminFiltersTheTrailFollowsAnEventAndExportsIt() throws Exception {
        String who = uniquePerson("browser-audited");
        PortalClient api = signedIn(who);
        api.post("/keys", form("audited-laptop"));
        UUID personId = jdbc.queryForObject("select id from portal_user where subject = ?", UUID.class, who);
        UUID keyId = jdbc.queryForObject("select id from issued_key where owner_id = ?", UUID.class, personId);

        Chromium.Person admin = chromium.person(port);
        Page page = admin.page();
        admin.signIn("carol");
        page.locator("#admin-menu").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit trail").setExact(true)).click();
        page.waitForURL(Pattern.compile(".*/admin/audit$"));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Audit trail");
        PlaywrightAssertions.assertThat(page.locator("#audit-events tbody tr").first()).isVisible();

        page.locator("#person").fill("not-an-id");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show events")).click();
        PlaywrightAssertions.assertThat(page.locator("#person-error")).containsText("Person must be a portal id");
        PlaywrightAssertions.assertThat(page.locator("#audit-events")).hasCount(0);

        page.locator("#person").fill(personId.toString());
        page.locator("#action").selectOption("key.issued");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show events")).click();
        PlaywrightAssertions.assertThat(page.locator("#audit-events tbody tr.audit-event")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("#audit-events")).containsText("key.issued");
        PlaywrightAssertions.assertThat(page.locator("#person-name")).containsText(who);
        admin.screenshot("admin-audit.png", true);

        Download download = page.waitForDownload(() -> page.locator("#export-jsonl").click());
        List<String> lines = Files.readAllLines(download.path());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"action\":\"key.issued\"", "\"subject_id\":\"" + keyId + "\"",
                "\"prev_hash\":\"", "\"hash\":\"");

        page.locator("#audit-events a.subject-link").first().click();
        page.waitForURL(Pattern.compile(".*/keys/" + keyId + "$"));
        PlaywrightAssertions.assertThat(page.locator("#history")).containsText("key issued");
        assertThat(admin.complaints()).noneMatch(c -> c.contains("Content Security Policy"));
    }
}
