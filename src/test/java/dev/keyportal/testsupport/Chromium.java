package dev.keyportal.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

/**
 * Debian's Chromium driven by Playwright (never a downloaded browser), one per test class, and the people who use
 * it: each person has their own context (cookies, session), page and list of console complaints.
 */
public final class Chromium implements AutoCloseable {

    /**
     * Where screenshots are written: {@code target/screenshots} unless the system property {@code screenshots.dir}
     * names another directory. {@code -Dscreenshots.dir=docs/images} refreshes the README's images (see README,
     * "Tests"); a plain run leaves the working tree as it was.
     */
    public static final Path SCREENSHOTS = Paths.get(System.getProperty("screenshots.dir", "target/screenshots"));

    /** After login Spring Security sends the person to the saved request, which for "/" is "/?continue". */
    private static final Pattern HOME = Pattern.compile(".*/(\\?continue)?$");

    private final Playwright playwright;
    private final Browser browser;
    private final List<BrowserContext> contexts = new CopyOnWriteArrayList<>();

    private Chromium() {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        "--disable-sync")));
    }

    public static Chromium launch() {
        return new Chromium();
    }

    /** A new person with a fresh context on the portal at {@code port}. */
    public Person person(int port) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        contexts.add(context);
        context.setDefaultTimeout(15_000);
        // nothing leaves the machine: the demo provider's login page asks for web fonts, which would only cost a
        // DNS timeout on every sign-in
        context.route(url -> !isLocal(url), route -> route.abort());
        return new Person(context, "http://127.0.0.1:" + port);
    }

    /** Closes the contexts of the test that just ran. */
    public void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    @Override
    public void close() {
        closeContexts();
        browser.close();
        playwright.close();
    }

    private static boolean isLocal(String url) {
        String host = java.net.URI.create(url).getHost();
        return host == null || "127.0.0.1".equals(host) || "localhost".equals(host);
    }

    /** One person in the browser. */
    public static final class Person {

        private final Page page;
        private final String base;
        private final List<String> complaints = new CopyOnWriteArrayList<>();

        private Person(BrowserContext context, String base) {
            this.base = base;
            this.page = context.newPage();
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type()) || "warning".equals(message.type())) {
                    complaints.add(message.type() + ": " + message.text() + " (" + message.location() + ")");
                }
            });
            page.onPageError(error -> complaints.add("page error: " + error));
        }

        public Page page() {
            return page;
        }

        /** Console errors and warnings and page errors seen so far (CSP violations show up here). */
        public List<String> complaints() {
            return complaints;
        }

        public String url(String path) {
            return base + path;
        }

        /** Opens the portal, is sent to the demo provider's login page, signs in and lands on the home page. */
        public void signIn(String username) {
            page.navigate(url("/"));
            Locator name = page.locator("input[name=username]");
            PlaywrightAssertions.assertThat(name).isVisible();
            if (page.url().startsWith(url("/"))) {
                throw new AssertionError("Expected the provider's login page, got " + page.url());
            }
            name.fill(username);
            page.locator("input[type=submit][value=Sign-in], button:has-text('Sign-in')").first().click();
            page.waitForURL(HOME);
        }

        public void screenshot(String name, boolean fullPage) {
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(fullPage));
        }
    }
}
