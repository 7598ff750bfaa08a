package dev.keyportal.audit.bench;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.DemoIdentityProvider;
import dev.keyportal.testsupport.LiteLlmStandIn;
import dev.keyportal.testsupport.PortalClient;

/**
 * The audit page benchmark of issue 12, run by hand through {@code bench/audit-benchmark.sh} (never by
 * {@code ./mvnw verify}). Seeds {@code keyportal_audit_bench} once with 1,000,000 audit events over a year (10,000
 * people, a dozen actions, about 2% refusals; hashes are placeholders, so the portal runs with its jobs off and
 * never verifies this chain), starts the portal's jar on it, signs in as an admin and loads {@code /admin/audit}
 * with {@code wrk} ({@code bench/p95.lua} prints p50/p95/p99): the first page, a deep page, and each filter.
 * Then it drops the filter indexes of V40 (restoring the two indexes the trail had before) and measures again,
 * and puts them back. Everything printed is measured; nothing is asserted.
 *
 * <p>Arguments: {@code --reseed}, {@code --duration S} of each wrk run (default 15), {@code --connections N}
 * (default 2: admins reading the trail at once).
 */
public final class AuditBenchmark {

    private static final String MASTER_KEY = "sk-bench-master-key";
    private static final String ADMIN_URL = env("BENCH_DATABASE_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("BENCH_DATABASE_USERNAME", "postgres");
    private static final String PASSWORD = env("BENCH_DATABASE_PASSWORD", "");
    private static final String DATABASE = "keyportal_audit_bench";
    private static final int EVENTS = 1_000_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern FIGURES = Pattern.compile(
            "FIGURES p50_ms=([0-9.]+) p95_ms=([0-9.]+) p99_ms=([0-9.]+) requests=(\\d+) bad=(\\d+)");

    /** The indexes V40 added, dropped for the "without" run, and how to put them back. */
    private static final List<String> FILTER_INDEXES = List.of(
            "create index audit_event_actor_idx on audit_event (actor_id, id)",
            "create index audit_event_action_idx on audit_event (action, id)",
            "create index audit_event_outcome_idx on audit_event (outcome, id)",
            "create index audit_event_occurred_idx on audit_event (occurred_at)");

    private AuditBenchmark() {
    }

    /** Runs the benchmark and returns the exit status (called by {@code bench/AuditBenchmarkMain.java}). */
    public static int launch(String[] args) {
        try {
            run(args);
            return 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
            return 1;
        }
    }

    private static void run(String[] args) throws Exception {
        boolean reseed = List.of(args).contains("--reseed");
        int duration = intArg(args, "--duration", 15);
        int connections = intArg(args, "--connections", 2);
        if (reseed) {
            admin("drop database if exists " + DATABASE + " with (force)");
        }
        try {
            admin("create database " + DATABASE);
        } catch (SQLException exists) {
            // kept from an earlier run
        }
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("key-portal-.*\\.jar")
                    && !f.getFileName().toString().endsWith("plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no key-portal jar in target"));
        }
        DemoIdentityProvider.server();
        LiteLlmStandIn standIn = LiteLlmStandIn.start(MASTER_KEY)
                .withModel("gpt-4o-mini", "openai/gpt-4o-mini", List.of(), 1.5e-7, 6e-7);
        int port = Machine.freePort();
        Process portal = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-jar", jar.toString(), "--spring.datasource.url=" + url(DATABASE),
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD,
                "--OIDC_ISSUER_URI=" + DemoIdentityProvider.issuerUri(),
                "--OIDC_CLIENT_ID=" + DemoIdentityProvider.CLIENT_ID,
                "--OIDC_CLIENT_SECRET=" + DemoIdentityProvider.CLIENT_SECRET,
                "--LITELLM_URL=" + standIn.baseUrl(), "--LITELLM_MASTER_KEY=" + MASTER_KEY,
                "--portal.team-claim=team", "--portal.admin-groups=portal-admins", "--portal.jobs.enabled=false",
                "--server.port=" + port).redirectErrorStream(true)
                .redirectOutput(new File("target/audit-benchmark-portal.log")).start();
        try {
            while (!healthy(port)) {
                if (!portal.isAlive()) {
                    throw new IllegalStateException("the portal exited; see target/audit-benchmark-portal.log");
                }
                Thread.sleep(100);
            }
            seed();
            PortalClient admin = PortalClient.at(port);
            admin.signIn("carol");
            String cookie = admin.cookieHeader();
            List<String> pages = pages();
            for (String page : pages) {
                PortalClient.Page answer = admin.get(page);
                if (answer.status() != 200 || !answer.body().contains("id=\"audit-events\"")) {
                    throw new IllegalStateException(page + " answered " + answer.status() + " without events");
                }
            }
            System.out.printf(Locale.ROOT, "Machine: %s, %d cores%n", Machine.uptime(), Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%d events; wrk %d s per page at %d connections%n", count(), duration,
                    connections);
            Map<String, String> with = measure(port, cookie, pages, duration, connections, "with V40 indexes");
            sql(FILTER_INDEXES.stream().map(ddl -> "drop index if exists " + ddl.split(" ")[2]).toList());
            sql(List.of("analyze audit_event"));
            Map<String, String> without;
            try {
                without = measure(port, cookie, pages, duration, connections, "without them");
            } finally {
                sql(FILTER_INDEXES);
                sql(List.of("analyze audit_event"));
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%-58s %26s %26s%n", "p50 / p95 / p99 ms (requests)", "with V40 indexes",
                    "without them");
            for (String page : with.keySet()) {
                System.out.printf(Locale.ROOT, "%-58s %26s %26s%n", page, with.get(page), without.get(page));
            }
            System.out.printf(Locale.ROOT, "load after: %s%n", Machine.uptime());
        } finally {
            portal.destroy();
            portal.waitFor();
            standIn.close();
        }
    }

    /** The first page, a deep page, and each filter, on the seeded trail. */
    private static List<String> pages() {
        String person = "00000000-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", 4242);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(200);
        return List.of("/admin/audit", "/admin/audit?before=500000", "/admin/audit?person=" + person,
                "/admin/audit?action=key.blocked", "/admin/audit?outcome=refused",
                "/admin/audit?from=" + day + "&to=" + day.plusDays(6),
                "/admin/audit?action=key.revoked&outcome=succeeded&from=" + day.minusDays(60) + "&to=" + day);
    }

    private static Map<String, String> measure(int port, String cookie, List<String> pages, int duration,
            int connections, String label) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%n== %s (load %s)%n", label, Machine.loadAverage());
        Map<String, String> figures = new LinkedHashMap<>();
        for (String page : pages) {
            wrk(port, page, cookie, 3, connections);
            Matcher m = wrk(port, page, cookie, duration, connections);
            String row = m.group(1) + " / " + m.group(2) + " / " + m.group(3) + " (" + m.group(4) + ")";
            figures.put(page, row);
            System.out.printf(Locale.ROOT, "%-58s %s  load %s%n", page, row, Machine.loadAverage());
        }
        return figures;
    }

    private static Matcher wrk(int port, String page, String cookie, int seconds, int connections)
            throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", "bench/p95.lua", "-H", "Cookie: " + cookie, "http://127.0.0.1:" + port + page)
                .redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        Matcher m = FIGURES.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        if (!m.group(5).equals("0")) {
            throw new IllegalStateException("wrk saw " + m.group(5) + " non-2xx answers on " + page + ": " + out);
        }
        return m;
    }

    /**
     * 1,000,000 events, one every 31.5 s over the past year: people 00000000-0000-4000-8000-0000000NNNNN act in
     * turn (every tenth event is a job's), actions and refusals in fixed proportions.
     */
    private static void seed() throws SQLException {
        if (count() >= EVENTS) {
            return;
        }
        long started = System.nanoTime();
        sql(List.of("alter table audit_event disable trigger audit_event_no_update_delete",
                "delete from audit_event",
                "alter table audit_event enable trigger audit_event_no_update_delete",
                """
                insert into audit_event (occurred_at, actor_id, actor_name, action, subject_type, subject_id,
                                         request_id, before_value, after_value, prev_hash, hash)
                select now() - interval '365 days' + g * interval '31.5 seconds',
                       case when g % 10 = 0 then null
                            else ('00000000-0000-4000-8000-' || lpad((g % 10000)::text, 12, '0'))::uuid end,
                       case when g % 10 = 0 then 'reconciliation' else 'person-' || (g % 10000) end,
                       a.action,
                       case when a.action like 'user.%' then 'USER' when a.action like 'request.%' then 'REQUEST'
                            when a.action like 'policy.%' then 'POLICY' else 'KEY' end,
                       case when a.action like 'user.%'
                            then '00000000-0000-4000-8000-' || lpad((g % 10000)::text, 12, '0')
                            else md5('s' || (g / 3))::uuid::text end,
                       case when g % 2 = 0 then md5('r' || (g / 4))::uuid end,
                       case when a.action in ('key.blocked', 'key.budget_changed', 'policy.changed')
                            then '{"max_budget":25,"status":"ACTIVE"}' end,
                       '{"max_budget":50,"reason":"seeded","status":"BLOCKED"}',
                       md5('h' || (g - 1)) || md5('i' || (g - 1)),
                       md5('h' || g) || md5('i' || g)
                from generate_series(1, %d) g
                cross join lateral (select case
                    when g % 100 < 30 then 'request.submitted'
                    when g % 100 < 58 then 'key.issued'
                    when g % 100 < 68 then 'key.budget_changed'
                    when g % 100 < 76 then 'key.rotated'
                    when g % 100 < 82 then 'key.revoked'
                    when g % 100 < 86 then 'user.registered'
                    when g % 100 < 90 then 'key.changed_outside'
                    when g % 100 < 93 then 'policy.changed'
                    when g % 100 < 95 then 'request.failed'
                    when g % 100 < 97 then 'user.sign_in_refused'
                    when g % 1000 < 975 then 'key.blocked'
                    else 'key.unblocked' end as action) a
                """.replace("%d", String.valueOf(EVENTS)),
                "vacuum analyze audit_event"));
        System.out.printf(Locale.ROOT, "seeded %d events in %.0f s%n", count(), (System.nanoTime() - started) / 1e9);
    }

    private static long count() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(DATABASE), USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(List<String> statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(DATABASE), USER, PASSWORD);
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String url(String database) {
        return ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
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

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
