package dev.keyportal.web.bench;

import dev.keyportal.testsupport.Machine;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.DemoIdentityProvider;
import dev.keyportal.testsupport.LiteLlmStandIn;
import dev.keyportal.testsupport.PortalClient;

/**
 * The pages and issuing benchmark of issue 13, run by hand through {@code bench/pages-benchmark.sh} (never by
 * {@code ./mvnw verify}). This JVM is the LiteLLM stand-in and the demo identity provider; each portal build under
 * test runs in a process of its own from its jar, with the JVM options its Dockerfile ships
 * ({@code JAVA_TOOL_OPTIONS}), production log levels and the scheduled jobs on, on a fresh database. For each build
 * in turn, it
 * <ol>
 * <li>times the start-up (process start until {@code /actuator/health} answers);</li>
 * <li>issues keys within policy through {@code POST /keys}, timed one at a time, and times the same
 * {@code /key/generate} called directly on the stand-in;</li>
 * <li>gives one person ten keys and loads {@code /keys}, {@code /}, {@code /requests} and {@code /spend} with
 * {@code wrk} at 16 connections, signed in with that person's session cookie;</li>
 * <li>reads the resident memory ({@code ps rss}) after that load.</li>
 * </ol>
 * Everything printed is measured; nothing is compared or asserted here (docs/benchmarks.md records the figures).
 *
 * <p>Arguments: {@code --build NAME=DIR} (repeatable; DIR holds {@code target/key-portal-*.jar} and the
 * {@code Dockerfile}), {@code --duration S} of each wrk run (default 15), {@code --issues N} timed issues (default
 * 60), {@code --samples N} thread dumps taken during the {@code /keys} load (default 0; printed as the most
 * frequent portal frames).
 */
public final class PagesBenchmark {

    private static final String MASTER_KEY = "sk-bench-master-key";
    private static final String ADMIN_URL = env("BENCH_DATABASE_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("BENCH_DATABASE_USERNAME", "postgres");
    private static final String PASSWORD = env("BENCH_DATABASE_PASSWORD", "");
    private static final List<String> PAGES = List.of("/keys", "/", "/requests", "/spend");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PagesBenchmark() {
    }

    /** Runs the benchmark and returns the exit status (called by {@code bench/PagesBenchmarkMain.java}). */
    public static int launch(String[] args) {
        try {
            run(args);
            return 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
            return 1;
        }
    }

    private record Build(String name, Path dir) {
    }

    private record Figures(Map<String, String> values) {
    }

    private static void run(String[] args) throws Exception {
        List<Build> builds = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--build")) {
                String[] parts = args[i + 1].split("=", 2);
                builds.add(new Build(parts[0], Path.of(parts[1]).toAbsolutePath().normalize()));
            }
        }
        if (builds.isEmpty()) {
            builds.add(new Build("this", Path.of(".").toAbsolutePath().normalize()));
        }
        int duration = intArg(args, "--duration", 15);
        int issues = intArg(args, "--issues", 60);
        int samples = intArg(args, "--samples", 0);
        boolean admin = !Arrays.asList(args).contains("--no-admin");

        LiteLlmStandIn standIn = LiteLlmStandIn.start(MASTER_KEY)
                .withModel("gpt-4o-mini", "openai/gpt-4o-mini", List.of(), 1.5e-7, 6e-7)
                .withModel("claude-haiku", "anthropic/claude-3-5-haiku", List.of(), 8e-7, 4e-6);
        DemoIdentityProvider.server();
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        try {
            System.out.printf(Locale.ROOT, "Machine: %s, %d cores%n", Machine.uptime(), Runtime.getRuntime().availableProcessors());
            for (Build build : builds) {
                results.put(build.name(), measure(build, standIn, duration, issues, samples, admin));
            }
        } finally {
            standIn.close();
        }
        System.out.println();
        System.out.println("Side by side:");
        List<String> rows = results.values().iterator().next().keySet().stream().toList();
        System.out.printf(Locale.ROOT, "%-44s", "");
        results.keySet().forEach(name -> System.out.printf(Locale.ROOT, " %24s", name));
        System.out.println();
        for (String row : rows) {
            System.out.printf(Locale.ROOT, "%-44s", row);
            results.values().forEach(figures -> System.out.printf(Locale.ROOT, " %24s", figures.getOrDefault(row, "")));
            System.out.println();
        }
    }

    private static Map<String, String> measure(Build build, LiteLlmStandIn standIn, int duration, int issues,
            int samples, boolean admin) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        String database = "keyportal_pages_" + build.name().replaceAll("[^a-z0-9]", "_");
        admin("drop database if exists " + database + " with (force)");
        admin("create database " + database);
        Path jar;
        try (var files = Files.list(build.dir().resolve("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("key-portal-.*\\.jar")
                    && !f.getFileName().toString().endsWith("plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no key-portal jar in " + build.dir() + "/target"));
        }
        String jvmOptions = dockerfileJvmOptions(build.dir().resolve("Dockerfile"));
        System.out.printf(Locale.ROOT, "%n== %s: %s, JAVA_TOOL_OPTIONS=\"%s\"%n", build.name(), jar, jvmOptions);
        figures.put("load before (uptime)", Machine.loadAverage());

        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toString(),
                "--spring.datasource.url=" + ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"),
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD,
                "--OIDC_ISSUER_URI=" + DemoIdentityProvider.issuerUri(),
                "--OIDC_CLIENT_ID=" + DemoIdentityProvider.CLIENT_ID,
                "--OIDC_CLIENT_SECRET=" + DemoIdentityProvider.CLIENT_SECRET,
                "--LITELLM_URL=" + standIn.baseUrl(), "--LITELLM_MASTER_KEY=" + MASTER_KEY,
                "--portal.team-claim=team", "--portal.admin-groups=portal-admins",
                "--portal.approver-groups=portal-approvers", "--server.port=" + port,
                "--portal.keys.max-requests-per-hour=1000"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/pages-benchmark-" + build.name() + ".log"));
        if (!jvmOptions.isEmpty()) {
            builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions);
        }
        long started = System.nanoTime();
        Process portal = builder.start();
        try {
            while (!healthy(port)) {
                if (!portal.isAlive()) {
                    throw new IllegalStateException("the portal exited; see target/pages-benchmark-" + build.name()
                            + ".log");
                }
                Thread.sleep(50);
            }
            double startup = (System.nanoTime() - started) / 1e9;
            figures.put("start-up until healthy (s)", fmt(startup));
            figures.put("RSS after start-up (MB)", String.valueOf(rssMb(portal.pid())));
            System.out.printf(Locale.ROOT, "start-up %.1f s%n", startup);

            String databaseUrl = ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
            if (admin) {
                seedOrganisation(databaseUrl);
            }

            timeIssuing(standIn, port, issues, figures, build.name(), samples, portal.pid());

            PortalClient person = PortalClient.at(port);
            person.signIn("bench-ten");
            for (int i = 0; i < 10; i++) {
                check(person.post("/keys", PortalClient.keyRequestForm("ten-" + i, UUID.randomUUID().toString())),
                        "issuing ten-" + i);
            }
            standIn.keys().stream().filter(k -> k.keyAlias() != null && k.keyAlias().startsWith("ten-"))
                    .forEach(k -> standIn.addSpend(k.token(), "gpt-4o-mini", 2.5));
            String cookie = person.cookieHeader();
            for (String page : PAGES) {
                String text = person.get(page).text();
                if (!text.contains("Sign out") && !text.contains("sign out") && !text.contains("Sign Out")) {
                    throw new IllegalStateException(page + " does not look like a signed-in page: "
                            + text.substring(0, Math.min(300, text.length())));
                }
            }
            long liteLlmBefore = standIn.calls().size();
            for (String page : PAGES) {
                wrk(port, page, cookie, 3, null);
                List<String> dumps = new java.util.concurrent.CopyOnWriteArrayList<>();
                Thread sampler = null;
                if (samples > 0 && page.equals("/keys")) {
                    sampler = new Thread(() -> sample(portal.pid(), samples, dumps));
                    sampler.start();
                }
                Map<String, String> load = wrk(port, page, cookie, duration, Machine.loadAverage());
                if (sampler != null) {
                    sampler.join();
                    printHotFrames(build.name(), dumps);
                }
                figures.put("GET " + page + " requests/s", load.get("rps"));
                figures.put("GET " + page + " p50 / p99 (ms)", load.get("p50") + " / " + load.get("p99"));
                figures.put("GET " + page + " load (1 min)", load.get("load"));
            }
            figures.put("LiteLLM calls during page load", String.valueOf(standIn.calls().size() - liteLlmBefore));
            if (admin) {
                timeAdminPages(port, standIn, figures);
            }
            figures.put("RSS after load (MB)", String.valueOf(rssMb(portal.pid())));
            figures.put("metaspace used (MB)", metaspaceMb(portal.pid()));
            figures.put("load after (uptime)", Machine.loadAverage());
        } finally {
            portal.destroy();
            portal.waitFor();
        }
        return figures;
    }

    private static void timeIssuing(LiteLlmStandIn standIn, int port, int issues, Map<String, String> figures,
            String name, int samples, long pid) throws IOException, InterruptedException {
        int warmup = 20;
        List<Double> portal = new ArrayList<>();
        PortalClient person = null;
        List<String> dumps = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread sampler = null;
        for (int i = 0; i < warmup + issues; i++) {
            if (i == warmup && samples > 0) {
                sampler = new Thread(() -> sample(pid, samples, dumps));
                sampler.start();
            }
            if (i % 10 == 0) {
                person = PortalClient.at(port);
                person.signIn("bench-issuer-" + i / 10);
                person.get("/keys/new");
            }
            Map<String, List<String>> form = PortalClient.keyRequestForm("issue-" + i, UUID.randomUUID().toString());
            long started = System.nanoTime();
            PortalClient.Page page = person.postWithoutRedirects("/keys", form);
            double ms = (System.nanoTime() - started) / 1e6;
            check(page, "issuing issue-" + i);
            if (!page.text().contains("sk-")) {
                throw new IllegalStateException("issue-" + i + " did not show a key: "
                        + page.text().substring(0, Math.min(400, page.text().length())));
            }
            if (i >= warmup) {
                portal.add(ms);
            }
        }
        if (sampler != null) {
            sampler.join();
            printHotFrames(name + "-issuing", dumps);
        }
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < warmup + issues; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/key/generate"))
                    .header("Authorization", "Bearer " + MASTER_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\": \"direct-" + (i / 10)
                            + "\", \"key_alias\": \"direct-" + name + "-" + i + "\", \"models\": [\"gpt-4o-mini\"],"
                            + " \"max_budget\": 10, \"budget_duration\": \"30d\", \"duration\": \"30d\"}"))
                    .build());
            double ms = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/key/generate answered " + response.statusCode());
            }
            if (i >= warmup) {
                direct.add(ms);
            }
        }
        portal.sort(Double::compare);
        direct.sort(Double::compare);
        figures.put("POST /keys p50 / p90 / p99 (ms)", fmt(percentile(portal, 50)) + " / "
                + fmt(percentile(portal, 90)) + " / " + fmt(percentile(portal, 99)));
        figures.put("/key/generate direct p50 / p90 / p99 (ms)", fmt(percentile(direct, 50)) + " / "
                + fmt(percentile(direct, 90)) + " / " + fmt(percentile(direct, 99)));
        figures.put("issuing overhead p50 / p99 (ms)", fmt(percentile(portal, 50) - percentile(direct, 50)) + " / "
                + fmt(percentile(portal, 99) - percentile(direct, 99)));
        System.out.printf(Locale.ROOT, "issuing: POST /keys p50 %.1f ms, direct p50 %.1f ms (%d timed)%n",
                percentile(portal, 50), percentile(direct, 50), issues);
    }

    /**
     * The spend benchmark's organisation without its spend history (bench/spend-seed.sql's people, keys and key
     * budgets: 10,000 people in 50 teams, 30,000 keys), and 1,000 requests of seeded people waiting for approval.
     */
    private static void seedOrganisation(String databaseUrl) throws IOException, SQLException {
        long started = System.nanoTime();
        String seed = Files.readString(Path.of("bench", "spend-seed.sql"));
        List<String> statements = new ArrayList<>();
        for (String statement : seed.split(";\\s*\\n")) {
            String sql = statement.lines().filter(l -> !l.startsWith("--")).collect(java.util.stream.Collectors.joining("\n")).strip();
            if (sql.startsWith("insert into portal_user") || sql.startsWith("insert into issued_key")
                    || sql.startsWith("insert into key_budget_state")) {
                statements.add(sql);
            }
        }
        if (statements.size() != 3) {
            throw new IllegalStateException("bench/spend-seed.sql changed: found " + statements.size()
                    + " of the people, keys and budgets statements");
        }
        statements.add("""
                insert into key_request (id, requester_id, submission_id, status, key_alias, purpose, models,
                    max_budget, budget_duration, duration, rpm_limit, tpm_limit, max_parallel_requests, team,
                    policy_id, policy_version, litellm_alias, created_at, updated_at, asked_models, asked_max_budget,
                    asked_budget_duration, asked_duration, asked_rpm_limit, asked_tpm_limit,
                    asked_max_parallel_requests, kind)
                select md5('bench-pending-' || i)::uuid, md5('bench-person-' || i)::uuid,
                       md5('bench-pending-submission-' || i)::uuid, 'PENDING_APPROVAL', 'pending-' || i,
                       'More budget for the benchmark', array['gpt-4o-mini'], 100, '30d', '90d', 60, 100000, 5,
                       'team-' || (i % 50), p.id, p.version, 'kp-bench-pending-' || i,
                       now() - interval '1 hour' + i * interval '1 second', now() - interval '1 hour',
                       array['gpt-4o-mini'], 100, '30d', '90d', 60, 100000, 5, 'NEW_KEY'
                from generate_series(0, 999) i
                cross join (select id, version from key_policy where team is null) p""");
        try (Connection connection = DriverManager.getConnection(databaseUrl, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            for (String table : List.of("portal_user", "issued_key", "key_budget_state", "key_request")) {
                statement.execute("vacuum analyze " + table);
            }
        }
        System.out.printf(Locale.ROOT, "seeded 10,000 people, 30,000 keys and 1,000 waiting requests in %.0f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    /** The admin pages at that scale, one request at a time (at most about 12 s of requests per page). */
    private static void timeAdminPages(int port, LiteLlmStandIn standIn, Map<String, String> figures) {
        PortalClient carol = PortalClient.at(port);
        carol.signIn("carol");
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/admin/keys", "/admin/keys");
        pages.put("/admin/keys?q=bench-4242 (a person)", "/admin/keys?q=bench-4242");
        pages.put("/admin/keys?q=key-2999 (an alias)", "/admin/keys?q=key-2999");
        pages.put("/admin/keys?team=team-7&sort=owner", "/admin/keys?team=team-7&sort=owner");
        pages.put("/admin/keys?model=claude-haiku&sort=expires&page=50",
                "/admin/keys?model=claude-haiku&sort=expires&page=50");
        pages.put("/admin/users", "/admin/users");
        pages.put("/admin/users?q=person 77 (name)", "/admin/users?q=person+77");
        pages.put("/admin/users?sort=budget&page=20", "/admin/users?sort=budget&page=20");
        pages.put("/approvals (1,000 waiting)", "/approvals");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            long calls = standIn.calls().size();
            List<Double> times = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            for (int i = 0; i < 43 && System.nanoTime() < deadline; i++) {
                long started = System.nanoTime();
                check(carol.get(page.getValue()), page.getKey());
                if (i >= 3) {
                    times.add((System.nanoTime() - started) / 1e6);
                }
            }
            if (times.isEmpty()) {
                figures.put("GET " + page.getKey() + " p50 / p95 (ms)", "over 5 s each");
                continue;
            }
            times.sort(Double::compare);
            figures.put("GET " + page.getKey() + " p50 / p95 (ms)", fmt(percentile(times, 50)) + " / "
                    + fmt(percentile(times, 95)) + " (n=" + times.size() + ")");
            System.out.printf(Locale.ROOT, "%-52s p50 %8.1f p95 %8.1f ms (n=%d, %d LiteLLM calls, load %s)%n",
                    page.getKey(), percentile(times, 50), percentile(times, 95), times.size(),
                    standIn.calls().size() - calls, Machine.loadAverage());
        }
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private static Map<String, String> wrk(int port, String page, String cookie, int seconds, String loadBefore)
            throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", "--latency", "--timeout", "10s",
                "-H", "Cookie: " + cookie, "http://127.0.0.1:" + port + page).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        Map<String, String> result = new HashMap<>();
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        Matcher errors = NON_2XX.matcher(out);
        if (errors.find()) {
            throw new IllegalStateException("wrk saw " + errors.group(1) + " non-2xx answers on " + page + ": " + out);
        }
        result.put("rps", String.format(Locale.ROOT, "%.0f", Double.parseDouble(rps.group(1))));
        result.put("p50", latency(out, "50%"));
        result.put("p99", latency(out, "99%"));
        result.put("load", Machine.loadAverage());
        if (loadBefore != null) {
            System.out.printf(Locale.ROOT, "%-10s %6s req/s  p50 %8s  p99 %8s ms  (load %s)%n", page,
                    result.get("rps"), result.get("p50"), result.get("p99"), result.get("load"));
        }
        return result;
    }

    private static String latency(String wrkOutput, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(wrkOutput);
        if (!m.find()) {
            return "?";
        }
        double value = Double.parseDouble(m.group(1));
        double ms = switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return fmt(ms);
    }

    private static void sample(long pid, int samples, List<String> dumps) {
        for (int i = 0; i < samples; i++) {
            try {
                Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "Thread.print")
                        .redirectErrorStream(true).start();
                dumps.add(new String(jcmd.getInputStream().readAllBytes()));
                jcmd.waitFor();
                Thread.sleep(200);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * For each request thread busy with a request (any state: waiting for Postgres or LiteLLM counts), its innermost
     * frame outside the JDK and its innermost frame of the portal's own code.
     */
    private static void printHotFrames(String name, List<String> dumps) throws IOException {
        Path file = Path.of("target", "pages-benchmark-" + name + "-threads.txt");
        Files.writeString(file, String.join("\n\n", dumps));
        Map<String, Integer> innermost = new HashMap<>();
        Map<String, Integer> portal = new HashMap<>();
        int threads = 0;
        for (String dump : dumps) {
            for (String thread : dump.split("\n\n")) {
                if (!thread.contains("http-nio-") || !thread.contains("FilterChain")) {
                    continue;
                }
                threads++;
                List<String> frames = thread.lines().map(String::strip).filter(l -> l.startsWith("at "))
                        .map(l -> l.substring(3).replaceAll("\\(.*", "")).toList();
                frames.stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.") && !f.startsWith("sun."))
                        .findFirst().ifPresent(f -> innermost.merge(f, 1, Integer::sum));
                frames.stream().filter(f -> f.startsWith("dev.keyportal.")).findFirst()
                        .ifPresent(f -> portal.merge(f, 1, Integer::sum));
            }
        }
        System.out.printf(Locale.ROOT, "  thread samples (%s): %d request threads at work in %d dumps%n", file,
                threads, dumps.size());
        int total = threads;
        for (Map.Entry<String, Map<String, Integer>> list : Map.of("innermost frame outside the JDK", innermost,
                "innermost frame of the portal", portal).entrySet()) {
            System.out.println("   " + list.getKey() + ":");
            list.getValue().entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(12)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %4d (%3.0f%%) %s%n", e.getValue(),
                            100.0 * e.getValue() / Math.max(1, total), e.getKey()));
        }
    }

    private static void check(PortalClient.Page page, String what) {
        if (page.status() != 200) {
            throw new IllegalStateException(what + " answered " + page.status() + ": "
                    + page.text().substring(0, Math.min(400, page.text().length())));
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean healthy(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String dockerfileJvmOptions(Path dockerfile) throws IOException {
        Matcher m = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"((?:[^\"\\\\]|\\\\\\n)*)\"")
                .matcher(Files.readString(dockerfile));
        return m.find() ? m.group(1).replaceAll("\\\\\\n\\s*", " ").replaceAll("\\s+", " ").trim() : "";
    }

    private static long rssMb(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", String.valueOf(pid)).start();
        String out = new String(ps.getInputStream().readAllBytes()).trim();
        ps.waitFor();
        return Long.parseLong(out) / 1024;
    }

    private static String metaspaceMb(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        Matcher m = Pattern.compile("Metaspace\\s+used (\\d+)K").matcher(out);
        return m.find() ? String.valueOf(Long.parseLong(m.group(1)) / 1024) : "?";
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static int intArg(String[] args, String name, int fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : fallback;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
