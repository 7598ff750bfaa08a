package dev.keyportal.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser without the browser: real HTTP into the running portal with a cookie jar, signing in
 * through the demo OIDC provider's login form, and posting forms with the page's CSRF token.
 */
public final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient following;
    private final HttpClient direct;
    private String csrf;

    private final CookieManager cookies;

    private PortalClient(URI base) {
        this(base, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
    }

    private PortalClient(URI base, CookieManager cookies) {
        this.base = base;
        this.cookies = cookies;
        this.following = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.direct = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static PortalClient at(int port) {
        return new PortalClient(URI.create("http://127.0.0.1:" + port));
    }

    /** The same browser (same cookies, so the same session) talking to another instance on {@code port}. */
    public PortalClient sameBrowserAt(int port) {
        PortalClient other = new PortalClient(URI.create("http://127.0.0.1:" + port), cookies);
        other.csrf = csrf;
        return other;
    }

    /** A response as the person sees it. */
    public record Page(int status, URI uri, String body, Map<String, List<String>> headers) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }

        /** The body with tags removed and white space folded, to match sentences. */
        public String text() {
            return body.replaceAll("(?s)<[^>]*>", " ").replace("&#39;", "'").replace("&quot;", "\"")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replaceAll("\\s+", " ");
        }
    }

    /** Signs in on the demo provider's login form as {@code username} and lands on the home page. */
    public Page signIn(String username) {
        return signIn(username, "");
    }

    /**
     * Signs in as {@code username} with these claims (JSON) over the provider's own: as a person the identity
     * provider re-created, say, with a new subject and the email of someone the portal knows. Lands on the home
     * page or the portal's sign-in problem page.
     */
    public Page signIn(String username, String claims) {
        Page login = get("/");
        if (!login.body().contains("name=\"username\"")) {
            throw new IllegalStateException("Expected the provider's login form, got " + login.status() + " at "
                    + login.uri());
        }
        Page landed = send(following, HttpRequest.newBuilder(login.uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(username) + "&claims="
                        + encode(claims)))
                .build());
        if (landed.status() != 200 || !landed.uri().getAuthority().equals(base.getAuthority())) {
            throw new IllegalStateException("Sign-in as " + username + " ended with " + landed.status() + " at "
                    + landed.uri());
        }
        return landed;
    }

    public Page get(String path) {
        return send(following, HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    /** A GET that shows the redirect instead of following it. */
    public Page getWithoutRedirects(String path) {
        return send(direct, HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    /** A GET with extra headers (name, value, name, value…) that shows the redirect instead of following it. */
    public Page getWithoutRedirects(String path, String... headers) {
        return send(direct, HttpRequest.newBuilder(base.resolve(path)).headers(headers).GET().build());
    }

    /** Posts a form with the CSRF token from the last page seen (fetching the home page if none). */
    public Page post(String path, Map<String, List<String>> form) {
        if (csrf == null) {
            get("/");
        }
        Map<String, List<String>> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", List.of(csrf));
        return postRaw(path, withToken);
    }

    /** Posts a form with the CSRF token and shows the redirect instead of following it. */
    public Page postWithoutRedirects(String path, Map<String, List<String>> form) {
        if (csrf == null) {
            get("/");
        }
        Map<String, List<String>> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", List.of(csrf));
        return send(direct, HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encodeForm(withToken)))
                .build());
    }

    /** Posts exactly these fields: no CSRF token is added. */
    public Page postRaw(String path, Map<String, List<String>> form) {
        return send(following, HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encodeForm(form)))
                .build());
    }

    private static String encodeForm(Map<String, List<String>> form) {
        return form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
    }

    /** The cookies this browser sends to the portal, as a {@code Cookie} header value (for a load generator). */
    public String cookieHeader() {
        return cookies.getCookieStore().get(base).stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    public String csrfToken() {
        if (csrf == null) {
            get("/");
        }
        return csrf;
    }

    private Page send(HttpClient client, HttpRequest original) {
        HttpRequest request = HttpRequest.newBuilder(original, (name, value) -> true)
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.uri(), response.body(), response.headers().map());
            Matcher token = CSRF.matcher(page.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return page;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A request form filled with values within every auto-approve ceiling of the seeded policy. */
    public static Map<String, List<String>> keyRequestForm(String alias, String submissionId) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("key_alias", List.of(alias));
        form.put("models", new ArrayList<>(List.of("gpt-4o-mini")));
        form.put("max_budget", List.of("10"));
        form.put("budget_duration", List.of("30d"));
        form.put("duration", List.of("30d"));
        form.put("rpm_limit", List.of("60"));
        form.put("tpm_limit", List.of("100000"));
        form.put("max_parallel_requests", List.of("5"));
        form.put("purpose", List.of("Trying the portal"));
        form.put("submission_id", List.of(submissionId));
        return form;
    }
}
