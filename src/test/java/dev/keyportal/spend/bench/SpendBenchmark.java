package dev.keyportal.spend.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.keyportal.KeyPortalApplication;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.spend.SpendSync;
import dev.keyportal.testsupport.DemoIdentityProvider;
import dev.keyportal.testsupport.LiteLlmStandIn;
import dev.keyportal.testsupport.PortalClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The spend benchmark of issue 5, run by hand through {@code bench/spend-benchmark.sh} (never by
 * {@code ./mvnw verify}). It seeds a large organisation into its own database (10,000 people, 30,000 keys, a year of
 * spend — about ten million key/model/day rows — once; later runs reuse it), starts the real portal against it with
 * the demo identity provider and the LiteLLM stand-in, signs in as an admin and as a person, and times the spend
 * pages over HTTP; then it times the spend sync copying three days of spend of 30,000 keys from the stand-in.
 * Everything it prints is measured; nothing is compared or asserted here (docs/benchmarks.md records the figures).
 *
 * <p>Arguments: {@code --requests N} timed requests per page (default 40), {@code --warmup N} (default 15),
 * {@code --sync-runs N} (default 3), {@code --reseed} drops and seeds the database again, {@code --no-sync}.
 */
public final class SpendBenchmark {

    private static final String MASTER_KEY = "sk-bench-master-key";
    private static final String ADMIN_URL = env("BENCH_DATABASE_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("BENCH_DATABASE_USERNAME", "postgres");
    private static final String PASSWORD = env("BENCH_DATABASE_PASSWORD", "");
    private static final String DATABASE = env("BENCH_DATABASE", "keyportal_bench");
    private static final int PEOPLE = 10_000;
    private static final int KEYS = 30_000;
    private static final List<String> MODELS = List.of("gpt-4o-mini", "claude-haiku", "gpt-4o", "claude-opus",
            "gemini-flash", "mistral-large");

    private SpendBenchmark() {
    }

    /**
     * Runs the benchmark and returns the exit status. Not a {@code main}: with a second main class among the test
     * classes, {@code spring-boot:test-run} could not tell which one starts the portal; {@code bench/SpendBenchmarkMain.java}
     * calls this.
     */
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
        int requests = intArg(args, "--requests", 40);
        int warmup = intArg(args, "--warmup", 15);
        int syncRuns = intArg(args, "--sync-runs", 3);
        boolean reseed = Arrays.asList(args).contains("--reseed");
        boolean sync = !Arrays.asList(args).contains("--no-sync");
        boolean pages = !Arrays.asList(args).contains("--no-pages");

        if (reseed) {
            admin("drop database if exists " + DATABASE + " with (force)");
        }
        try {
            admin("create database " + DATABASE);
        } catch (SQLException exists) {
            // seeded by an earlier run
        }
        LiteLlmStandIn standIn = LiteLlmStandIn.start(MASTER_KEY);
        for (String model : MODELS) {
            standIn.withModel(model, "bench/" + model, List.of(), 1e-6, 2e-6);
        }
        ConfigurableApplicationContext portal = startPortal(standIn);
        try {
            JdbcTemplate jdbc = portal.getBean(JdbcTemplate.class);
            int port = portal.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            printMachine(jdbc, "before");
            seedIfNeeded(jdbc);
            if (pages) {
                timePages(portal, jdbc, standIn, port, warmup, requests);
            }
            if (sync) {
                timeSync(portal, jdbc, standIn, syncRuns);
            }
            printMachine(jdbc, "after");
        } finally {
            portal.close();
            standIn.close();
        }
    }

    private static ConfigurableApplicationContext startPortal(LiteLlmStandIn standIn) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + DATABASE + "$1"));
        properties.put("spring.datasource.username", USER);
        properties.put("spring.datasource.password", PASSWORD);
        properties.put("OIDC_ISSUER_URI", DemoIdentityProvider.issuerUri());
        properties.put("OIDC_CLIENT_ID", DemoIdentityProvider.CLIENT_ID);
        properties.put("OIDC_CLIENT_SECRET", DemoIdentityProvider.CLIENT_SECRET);
        properties.put("LITELLM_URL", standIn.baseUrl());
        properties.put("LITELLM_MASTER_KEY", MASTER_KEY);
        properties.put("portal.team-claim", "team");
        properties.put("portal.admin-groups", "portal-admins");
        properties.put("portal.approver-groups", "portal-approvers");
        properties.put("portal.jobs.enabled", "false");
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.keyportal.spend", "INFO");
        // as command-line arguments, so they win over application.yml's defaults
        return new SpringApplicationBuilder(KeyPortalApplication.class).run(properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    // ---------------------------------------------------------------- seed

    private static void seedIfNeeded(JdbcTemplate jdbc) throws IOException {
        long keys = jdbc.queryForObject("select count(*) from issued_key where key_alias like 'bench-key-%'", Long.class);
        long rows = jdbc.queryForObject("select count(*) from spend_daily", Long.class);
        if (keys == KEYS && rows > 9_000_000) {
            System.out.printf(Locale.ROOT, "%nSeed: reusing %,d people, %,d keys, %,d spend_daily rows through %s"
                    + " (--reseed to start again)%n", PEOPLE, keys, rows,
                    jdbc.queryForObject("select max(day) from spend_model_daily", LocalDate.class));
            return;
        }
        if (keys != 0 || rows != 0) {
            throw new IllegalStateException(DATABASE + " holds a partial seed (" + keys + " keys, " + rows
                    + " rows); run with --reseed");
        }
        System.out.printf(Locale.ROOT, "%nSeeding %s (bench/spend-seed.sql) …%n", DATABASE);
        long started = System.nanoTime();
        jdbc.execute((Connection connection) -> {
            ScriptUtils.executeSqlScript(connection, new FileSystemResource(Path.of("bench", "spend-seed.sql")));
            return null;
        });
        System.out.printf(Locale.ROOT, "  inserted in %.0f s%n", seconds(started));
        started = System.nanoTime();
        for (String table : List.of("portal_user", "issued_key", "spend_daily", "spend_owner_daily",
                "spend_owner_weekly", "spend_team_daily", "spend_model_daily", "spend_team_model_daily",
                "key_budget_state")) {
            jdbc.execute("vacuum analyze " + table);
        }
        System.out.printf(Locale.ROOT, "  vacuumed and analysed in %.0f s: %,d spend_daily rows, %,d in"
                + " spend_owner_daily, %,d in spend_owner_weekly%n", seconds(started),
                jdbc.queryForObject("select count(*) from spend_daily", Long.class),
                jdbc.queryForObject("select count(*) from spend_owner_daily", Long.class),
                jdbc.queryForObject("select count(*) from spend_owner_weekly", Long.class));
    }

    // ---------------------------------------------------------------- pages

    private record Page(String name, PortalClient client, String path, Double targetMs) {
    }

    private static void timePages(ConfigurableApplicationContext portal, JdbcTemplate jdbc, LiteLlmStandIn standIn,
            int port, int warmup, int requests) {
        // bench-0 (seeded) and carol (from an earlier run) sign in through this run's demo provider, whose issuer
        // has another port each time: their rows get its issuer, or the portal would see an identity conflict
        jdbc.update("update portal_user set issuer = ? where subject in ('bench-0', 'carol')",
                DemoIdentityProvider.issuerUri());
        jdbc.queryForList("select token_hash, key_alias from issued_key where owner_id = md5('bench-person-0')::uuid")
                .forEach(key -> standIn.putKey((String) key.get("token_hash"), (String) key.get("key_alias"),
                        "bench-0@example.com", "team-0", 100.0, 12.5));
        PortalClient person = PortalClient.at(port);
        person.signIn("bench-0");
        PortalClient admin = PortalClient.at(port);
        admin.signIn("carol");
        String ownerId = jdbc.queryForObject("select md5('bench-person-17')::uuid::text", String.class);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String midWeek = "from=" + today.minusDays(92) + "&to=" + today.minusDays(3);

        List<Page> pages = List.of(
                new Page("/admin/spend (last 90 days)", admin, "/admin/spend", 300.0),
                new Page("/admin/spend (90 days, other edges)", admin, "/admin/spend?" + midWeek, 300.0),
                new Page("/admin/spend (90 days, by name, page 100)", admin, "/admin/spend?sort=name&page=100", 300.0),
                new Page("/admin/spend (one team, 90 days)", admin, "/admin/spend?team=team-7", null),
                new Page("/admin/spend (one person, 90 days)", admin, "/admin/spend?person=" + ownerId, null),
                new Page("/admin/spend (365 days)", admin, "/admin/spend?from=" + today.minusDays(364), null),
                new Page("/admin/spend.csv?table=team", admin, "/admin/spend.csv?table=team", null),
                new Page("/admin/spend.csv?table=person (10,000 rows)", admin, "/admin/spend.csv?table=person",
                        null),
                new Page("/requests (a page without spend, for comparison)", person, "/requests", null),
                new Page("/spend (30 days)", person, "/spend", 50.0),
                new Page("/spend?days=90", person, "/spend?days=90", 50.0));

        MeterRegistry meters = portal.getBean(MeterRegistry.class);
        System.out.printf(Locale.ROOT, "%nPages: %d warm-up and %d timed requests each, one at a time, over"
                + " loopback HTTP (ms)%n", warmup, requests);
        System.out.printf(Locale.ROOT, "%-46s %8s %8s %8s %8s %10s %7s%n", "page", "p50", "p95", "max", "mean",
                "server*", "target");
        for (Page page : pages) {
            if (System.getenv("BENCH_ONLY") != null && !page.name().contains(System.getenv("BENCH_ONLY"))) {
                continue;
            }
            int rounds = page.path().contains("table=person") ? Math.max(3, requests / 8) : requests;
            for (int i = 0; i < Math.min(warmup, rounds); i++) {
                PortalClient.Page response = page.client().get(page.path());
                check(page, response);
                if (i == 0 && System.getenv("BENCH_SHOW") != null) {
                    System.out.println(response.uri() + " " + response.body().length() + " "
                            + response.text().substring(0, Math.min(600, response.text().length())));
                }
            }
            Timer before = serverTimer(meters, page.path());
            double serverBefore = before == null ? 0 : before.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
            long countBefore = before == null ? 0 : before.count();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long started = System.nanoTime();
                check(page, page.client().get(page.path()));
                times.add((System.nanoTime() - started) / 1e6);
            }
            Timer after = serverTimer(meters, page.path());
            double server = after == null || after.count() == countBefore ? Double.NaN
                    : (after.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) - serverBefore)
                            / (after.count() - countBefore);
            times.sort(Double::compare);
            System.out.printf(Locale.ROOT, "%-46s %8.1f %8.1f %8.1f %8.1f %10.1f %7s%n", page.name(),
                    percentile(times, 50), percentile(times, 95), times.get(times.size() - 1),
                    times.stream().mapToDouble(Double::doubleValue).average().orElse(0), server,
                    page.targetMs() == null ? "-" : "< " + page.targetMs().intValue());
        }
        System.out.println("* server: mean time inside the portal for the same requests (Micrometer's"
                + " http.server.requests)");
    }

    private static Timer serverTimer(MeterRegistry meters, String path) {
        String uri = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return meters.find("http.server.requests").tag("uri", uri).timer();
    }

    private static void check(Page page, PortalClient.Page response) {
        if (response.status() != 200 || !page.path().startsWith(response.uri().getPath())) {
            throw new IllegalStateException(page.path() + " answered " + response.status() + " at " + response.uri());
        }
    }

    // ---------------------------------------------------------------- sync

    /**
     * The stand-in gets the 30,000 keys and three days of spend on them (one request per key, model and day for
     * about 91% of keys a day, as in the seed); the sync then copies from the day before the last one synced
     * through today — what every scheduled run after the first does.
     */
    private static void timeSync(ConfigurableApplicationContext portal, JdbcTemplate jdbc, LiteLlmStandIn standIn,
            int runs) {
        long started = System.nanoTime();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Map<String, Object>> keys = jdbc.queryForList("""
                select k.token_hash, k.key_alias, u.litellm_user_id, k.team from issued_key k
                join portal_user u on u.id = k.owner_id where k.key_alias like 'bench-key-%'""");
        Map<String, Integer> number = new LinkedHashMap<>();
        for (Map<String, Object> key : keys) {
            String hash = (String) key.get("token_hash");
            int k = Integer.parseInt(((String) key.get("key_alias")).substring("bench-key-".length()));
            // as in the seed: about a quarter of the keys at 80% of their budget or more
            standIn.putKey(hash, (String) key.get("key_alias"), (String) key.get("litellm_user_id"),
                    (String) key.get("team"), 100.0, (k * 37 % 1050) / 10.0);
            number.put(hash, k);
        }
        int logs = 0;
        for (int d = 0; d <= 2; d++) {
            Instant at = today.minusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
            for (Map.Entry<String, Integer> key : number.entrySet()) {
                int k = key.getValue();
                if ((k * 7919L + d * 104729L) % 1000 < 913) {
                    standIn.addSpendAt(key.getKey(), MODELS.get((k + d) % MODELS.size()), 0.001 + (k % 1000) / 2000.0,
                            850, at);
                    logs++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nSync: the stand-in holds %,d keys and %,d requests over 3 days"
                + " (set up in %.1f s)%n", keys.size(), logs, seconds(started));
        SpendSync sync = portal.getBean(SpendSync.class);
        LiteLlmGateway gateway = portal.getBean(LiteLlmGateway.class);
        started = System.nanoTime();
        int fetched = 0;
        for (int d = 2; d >= 0; d--) {
            fetched += gateway.spendOn(today.minusDays(d)).size();
        }
        System.out.printf(Locale.ROOT, "  reading the 3 days from the stand-in alone: %.1f s (%,d key/model rows)%n",
                seconds(started), fetched);
        started = System.nanoTime();
        int[] listed = {0};
        gateway.forEachKeyPage(page -> listed[0] += page.size());
        System.out.printf(Locale.ROOT, "  reading every key's budget (/key/list) alone: %.1f s (%,d keys)%n",
                seconds(started), listed[0]);
        for (int run = 1; run <= runs; run++) {
            jdbc.update("update spend_sync set synced_through = ? where name = 'spend'",
                    java.sql.Date.valueOf(today.minusDays(1)));
            long callsBefore = standIn.callCount("/user/daily/activity");
            long keyPagesBefore = standIn.callCount("/key/list");
            started = System.nanoTime();
            SpendSync.Result result = sync.sync();
            System.out.printf(Locale.ROOT, "  run %d: %.1f s — %d days, %,d key/model rows, complete=%s,"
                    + " %d /user/daily/activity pages, %d /key/list pages (target < 60 s)%n", run, seconds(started),
                    result.days(), result.rows(), result.complete(),
                    standIn.callCount("/user/daily/activity") - callsBefore,
                    standIn.callCount("/key/list") - keyPagesBefore);
        }
    }

    // ---------------------------------------------------------------- machine

    private static void printMachine(JdbcTemplate jdbc, String when) {
        if ("before".equals(when)) {
            System.out.printf(Locale.ROOT, "%nMachine: %d cores, %s memory, %s, Java %s (%s), %s%n",
                    Runtime.getRuntime().availableProcessors(), memory(), osName(),
                    System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    jdbc.queryForObject("select version()", String.class).replaceFirst(" on .*", ""));
        }
        System.out.printf(Locale.ROOT, "Load average %s: %s%n", when, loadAverage());
    }

    private static String memory() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D+", "");
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(total) / 1024.0 / 1024.0);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String osName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse(System.getProperty("os.name"));
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double percentile(List<Double> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0;
    }

    private static int intArg(String[] args, String name, int fallback) {
        List<String> list = Arrays.asList(args);
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? Integer.parseInt(list.get(at + 1)) : fallback;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
