package dev.keyportal.testsupport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process, stateful stand-in for the LiteLLM proxy's admin API (plus a minimal chat-completions data plane),
 * for full-stack tests and the local demo run. It follows the LiteLLM contract in docs/litellm-contract.md
 * (LiteLLM 1.83/1.84 by default; {@link Version} switches to the 1.79/1.80 answers where they differ): same paths,
 * field names, JSON shapes, status codes and the three
 * error body shapes: A {@code {"error": {"message", "type", "param", "code"}}}, B {@code {"detail": ...}} and
 * C, the 422 validation list {@code {"detail": [{"type", "loc", "msg", "input"}]}}.
 *
 * <p>It listens on {@code 127.0.0.1} on a random port and answers every request on its own daemon thread, so delayed
 * answers never hold up other requests. State lives in memory behind one lock, which is never held while sleeping.
 * Every request is recorded ({@link #calls()}) before any fault is applied, so a test can prove what did or did not
 * reach "LiteLLM". {@link #failNext} and {@link #failAlways} make it misbehave ({@link Fault}).
 *
 * <p>Only a SHA-256 digest of the master key is kept. Neither the master key nor a plaintext virtual key is logged or
 * put into an error body (except that {@code /key/update} echoes an unknown key exactly as it was sent, like LiteLLM).
 * Plaintext keys appear only in the responses of {@code /key/generate} and {@code /user/new} and in
 * {@link #issuedPlaintexts()}.
 *
 * <p>A virtual key meets LiteLLM's two route rules (docs/litellm-contract.md, "Roles and route limits"): its
 * user's role ({@code internal_user} keys may manage their own keys and block or unblock any key,
 * {@code internal_user_viewer} keys may not; refused with 401), then its own {@code allowed_routes}, which
 * {@code key_type} sets on /key/generate (refused with 403). A proxy admin's key is an admin.
 *
 * <p>Not modelled: what the team, user and spend routes answer a non-admin's key (refused as admin-only here),
 * enterprise licences (enterprise-only requests fail as on an unlicensed proxy), config-level
 * default/upper-bound key parameters, rate limits, asynchronous spend writes and the periodic budget reset job (spend
 * is applied at once and never reset). Unknown request fields are ignored, as LiteLLM does.
 */
public final class LiteLlmStandIn implements AutoCloseable {

    /** What {@link #failNext} and {@link #failAlways} make the next request(s) on a path do. */
    public enum Fault {
        /** Answer 500 (shape A, {@code internal_server_error}) without doing the work. */
        HTTP_500,
        /** Answer 401 {@code token_not_found_in_db}, as for a wrong master key, without doing the work. */
        HTTP_401,
        /** Answer 200 {@code application/json} with truncated, invalid JSON, without doing the work. */
        MALFORMED_JSON,
        /** Wait the delay (default 3 s), then do the work and answer normally: the client has usually given up. */
        TIMEOUT,
        /** Wait the delay (default 300 ms), then do the work and answer normally. */
        SLOW,
        /** Close the connection without sending anything (the client sees EOF), without doing the work. */
        CONNECTION_RESET,
        /** Do the work (e.g. create the key), then answer 500 (shape A). */
        CREATE_THEN_500,
        /** Do the work at once, then wait the delay (default 3 s) before answering normally. */
        CREATE_THEN_TIMEOUT,
        /**
         * Do the work at once, then hold the answer until {@link #releaseHeld()} (or {@link #close()}): the caller
         * is stuck between LiteLLM's work and its own commit for as long as the test needs.
         */
        CREATE_THEN_HANG
    }

    /**
     * Which LiteLLM release line the stand-in answers as (docs/litellm-contract.md, "Version differences"). The
     * default is {@link #V1_84}; {@link #reset()} goes back to it.
     */
    public enum Version {
        /**
         * 1.79 and 1.80: {@code /user/info} answers an unknown user with 200 and an empty {@code user_info}
         * ({@code {"spend": 0}}); {@code /user/new} upserts a known {@code user_id} without changing it and refuses an
         * e-mail address any user already has with 400.
         */
        V1_80,
        /**
         * 1.83 and 1.84: {@code /user/info} answers an unknown user with 404; {@code /user/new} refuses a known
         * {@code user_id}, then a known e-mail address, with 409 ({@code _check_duplicate_user_field}).
         */
        V1_84
    }

    /**
     * Snapshot of a live virtual key (the {@code LiteLLM_VerificationToken} row); {@code allowedRoutes} empty means
     * the key may call whatever its user's role allows.
     */
    public record StandInKey(String token, String keyName, String keyAlias, String userId, String teamId,
            List<String> models, Double maxBudget, String budgetDuration, Instant budgetResetAt, Instant expires,
            Integer rpmLimit, Integer tpmLimit, Integer maxParallelRequests, Map<String, Object> metadata,
            boolean blocked, double spend, Instant createdAt, List<String> allowedRoutes) {
    }

    /** One request as received: {@code query} is the raw query string ({@code ""} if none), {@code body} the text. */
    public record RecordedCall(String method, String path, String query, String body) {
    }

    /** Wait of {@link Fault#TIMEOUT} and {@link Fault#CREATE_THEN_TIMEOUT} unless {@link #setDelay} was called. */
    public static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(3);
    /** Default wait of {@link Fault#SLOW} unless {@link #setDelay} was called. */
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofMillis(300);
    /** The assistant message of every successful chat completion. */
    public static final String ASSISTANT_REPLY = "Hello from the LiteLLM stand-in";

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String ADMIN_USER_ID = "default_user_id";
    private static final String LITELLM_VERSION = "1.84.0";
    private static final int COMPLETION_TOKENS = 8;
    private static final int MODEL_MAX_TOKENS = 16384;
    private static final int MODEL_MAX_INPUT_TOKENS = 128000;
    private static final long OPENAI_MODEL_CREATED = 1677610602L;
    private static final Pattern TOKEN_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REGENERATE_IN_PATH = Pattern.compile("/key/[^/]+/regenerate");
    private static final Set<String> USER_ROLES =
            Set.of("proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer");
    private static final List<String> KEY_SORT_COLUMNS =
            List.of("spend", "max_budget", "created_at", "updated_at", "token", "key_alias");
    private static final DateTimeFormatter SECONDS_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /**
     * The route lists a key's {@code allowed_routes} may name, with the stand-in's routes in each
     * ({@code LiteLLMRoutes.llm_api_routes}, {@code info_routes}, {@code management_routes}).
     */
    private static final Map<String, Set<String>> ROUTE_LISTS = Map.of(
            "llm_api_routes", Set.of("/chat/completions", "/v1/chat/completions", "/models", "/v1/models"),
            "info_routes", Set.of("/key/info", "/key/list", "/user/info", "/team/info", "/model/info",
                    "/v1/model/info", "/models", "/v1/models"),
            "management_routes", Set.of("/user/new", "/user/update", "/user/info", "/user/daily/activity",
                    "/team/new", "/team/info", "/model/info", "/key/generate", "/key/update", "/key/delete",
                    "/key/info", "/key/regenerate", "/key/list", "/key/block", "/key/unblock", "/spend/logs"));
    /** {@code key_type} on /key/generate and the {@code allowed_routes} it sets ({@code handle_key_type}). */
    private static final Map<String, List<String>> KEY_TYPES = Map.of("llm_api", List.of("llm_api_routes"),
            "management", List.of("management_routes"), "read_only", List.of("info_routes"), "default", List.of());

    /** Key columns a caller may set on /key/generate and /key/update, with their request types. */
    private static final Map<String, FieldType> KEY_FIELDS = fieldTypes(
            "key_alias", FieldType.STRING, "spend", FieldType.FLOAT, "max_budget", FieldType.FLOAT,
            "models", FieldType.STRINGS, "aliases", FieldType.OBJECT, "config", FieldType.OBJECT,
            "user_id", FieldType.STRING, "team_id", FieldType.STRING, "permissions", FieldType.OBJECT,
            "max_parallel_requests", FieldType.INT, "metadata", FieldType.OBJECT, "blocked", FieldType.BOOL,
            "tpm_limit", FieldType.INT, "rpm_limit", FieldType.INT, "budget_duration", FieldType.STRING,
            "allowed_cache_controls", FieldType.STRINGS, "allowed_routes", FieldType.STRINGS,
            "model_max_budget", FieldType.OBJECT, "budget_id", FieldType.STRING,
            "organization_id", FieldType.STRING, "project_id", FieldType.STRING,
            "access_group_ids", FieldType.STRINGS, "router_settings", FieldType.OBJECT,
            "auto_rotate", FieldType.BOOL, "rotation_interval", FieldType.STRING);

    /** /key/generate request fields that are not key columns; they are only echoed in the response. */
    private static final Map<String, FieldType> KEY_ECHO_FIELDS = fieldTypes(
            "duration", FieldType.STRING, "tags", FieldType.STRINGS, "soft_budget", FieldType.FLOAT,
            "rpm_limit_type", FieldType.STRING, "tpm_limit_type", FieldType.STRING,
            "guardrails", FieldType.STRINGS, "enforced_params", FieldType.STRINGS,
            "model_rpm_limit", FieldType.OBJECT, "model_tpm_limit", FieldType.OBJECT,
            "allowed_passthrough_routes", FieldType.STRINGS, "object_permission", FieldType.OBJECT,
            "send_invite_email", FieldType.BOOL);

    private static final Map<String, FieldType> USER_FIELDS = fieldTypes(
            "user_alias", FieldType.STRING, "user_email", FieldType.STRING, "sso_user_id", FieldType.STRING,
            "max_budget", FieldType.FLOAT, "budget_duration", FieldType.STRING, "models", FieldType.STRINGS,
            "tpm_limit", FieldType.INT, "rpm_limit", FieldType.INT, "max_parallel_requests", FieldType.INT,
            "metadata", FieldType.OBJECT, "model_max_budget", FieldType.OBJECT);

    private static final Map<String, FieldType> TEAM_FIELDS = fieldTypes(
            "team_alias", FieldType.STRING, "organization_id", FieldType.STRING, "metadata", FieldType.OBJECT,
            "tpm_limit", FieldType.INT, "rpm_limit", FieldType.INT, "max_budget", FieldType.FLOAT,
            "soft_budget", FieldType.FLOAT, "budget_duration", FieldType.STRING, "models", FieldType.STRINGS,
            "blocked", FieldType.BOOL, "max_parallel_requests", FieldType.INT,
            "model_max_budget", FieldType.OBJECT, "router_settings", FieldType.OBJECT);

    private final byte[] masterKeyDigest;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Route> routes = routes();
    private final ExecutorService executor;
    private final Object idle = new Object();
    private int inFlight;
    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private final List<Deployment> deployments = new ArrayList<>();
    private final Map<String, Map<String, Object>> keys = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> teams = new LinkedHashMap<>();
    private final List<Map<String, Object>> spendLogs = new ArrayList<>();
    /** LiteLLM's daily spend table: date → (user, key, model, model group, provider) → totals. */
    private final TreeMap<String, Map<List<String>, DailyRow>> dailySpend = new TreeMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<String> issuedPlaintexts = new ArrayList<>();
    private final Map<String, Deque<Fault>> nextFaults = new HashMap<>();
    private volatile CountDownLatch held = new CountDownLatch(1);
    private final Map<String, Fault> standingFaults = new HashMap<>();
    private Duration delay;
    private Version version = Version.V1_84;
    private final Map<String, Deque<Runnable>> beforeNext = new HashMap<>();
    private long dailyActivityQueries;

    private LiteLlmStandIn(String masterKey, Clock clock) {
        if (masterKey == null || !masterKey.startsWith("sk-")) {
            throw new IllegalArgumentException("LiteLLM requires a master key starting with 'sk-'");
        }
        this.masterKeyDigest = sha256(masterKey);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        // The JDK's server writes headers and body apart and leaves Nagle's algorithm on, so with the client's
        // delayed ACK every answer waited ~40 ms; LiteLLM's server (uvicorn) sets TCP_NODELAY. Read once, at the
        // first server this JVM creates.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the LiteLLM stand-in", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a stand-in on {@code 127.0.0.1} on a random free port, using the system UTC clock. */
    public static LiteLlmStandIn start(String masterKey) {
        return start(masterKey, Clock.systemUTC());
    }

    /** Starts a stand-in whose timestamps, expiries, budget resets and spend dates come from {@code clock}. */
    public static LiteLlmStandIn start(String masterKey, Clock clock) {
        return new LiteLlmStandIn(masterKey, clock);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stops the server at once; requests still sleeping in a fault are dropped. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Registers a deployment, shown by {@code /model/info} and {@code /v1/models} and callable through
     * {@code /chat/completions}. {@code providerModel} is LiteLLM's {@code litellm_params.model}, e.g.
     * {@code "openai/gpt-4o"}; its prefix is the provider ({@code openai} if there is none).
     */
    public LiteLlmStandIn withModel(String modelName, String providerModel, List<String> accessGroups,
            double inputCostPerToken, double outputCostPerToken) {
        synchronized (lock) {
            String id = UUID.nameUUIDFromBytes((deployments.size() + "|" + modelName + "|" + providerModel)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            deployments.add(new Deployment(id, modelName, providerModel, List.copyOf(accessGroups),
                    inputCostPerToken, outputCostPerToken));
        }
        return this;
    }

    /**
     * Forgets keys, users, teams, spend logs, faults, the fault delay and the request log. Keeps the registered models
     * and {@link #issuedPlaintexts()} (so leak checks still cover keys issued before the reset).
     */
    public void reset() {
        releaseHeld();
        synchronized (lock) {
            keys.clear();
            users.clear();
            teams.clear();
            spendLogs.clear();
            dailySpend.clear();
            calls.clear();
            nextFaults.clear();
            standingFaults.clear();
            delay = null;
            version = Version.V1_84;
            beforeNext.clear();
        }
    }

    /**
     * Runs {@code action} just before the next request on {@code path} is served (after it was recorded): what
     * someone else did in LiteLLM in the meantime, for example a parallel request creating the same user.
     */
    public void beforeNext(String path, Runnable action) {
        synchronized (lock) {
            beforeNext.computeIfAbsent(path, p -> new ArrayDeque<>()).add(action);
        }
    }

    /** A LiteLLM user made outside the portal (as {@code /user/new} would store it, role {@code internal_user}). */
    public void putUser(String userId, String email) {
        synchronized (lock) {
            Instant now = now();
            users.put(userId, ordered("user_id", userId, "user_alias", null, "sso_user_id", null,
                    "organization_id", null, "teams", new ArrayList<>(), "user_role", "internal_user",
                    "max_budget", null, "spend", 0.0, "user_email", email, "models", new ArrayList<>(),
                    "metadata", new LinkedHashMap<>(), "max_parallel_requests", null, "tpm_limit", null,
                    "rpm_limit", null, "budget_duration", null, "budget_reset_at", null,
                    "allowed_cache_controls", new ArrayList<>(), "model_spend", new LinkedHashMap<>(),
                    "model_max_budget", null, "created_at", now, "updated_at", now));
        }
    }

    /** Answers as this LiteLLM release line from now on (until {@link #reset()}). */
    public LiteLlmStandIn behaveAs(Version behaviour) {
        synchronized (lock) {
            version = Objects.requireNonNull(behaviour, "behaviour");
        }
        return this;
    }

    /** The release line the stand-in answers as. */
    public Version version() {
        synchronized (lock) {
            return version;
        }
    }

    /** Applies {@code fault} once, to the next request on {@code path} (e.g. {@code "/key/generate"}); queues up. */
    public void failNext(String path, Fault fault) {
        synchronized (lock) {
            nextFaults.computeIfAbsent(path, p -> new ArrayDeque<>()).add(Objects.requireNonNull(fault));
        }
    }

    /** Applies {@code fault} to every request on {@code path} until {@link #clearFaults()} or {@link #reset()}. */
    public void failAlways(String path, Fault fault) {
        synchronized (lock) {
            standingFaults.put(path, Objects.requireNonNull(fault));
        }
    }

    /** Lets every answer held by {@link Fault#CREATE_THEN_HANG} go (to whoever is still listening). */
    public void releaseHeld() {
        CountDownLatch released = held;
        held = new CountDownLatch(1);
        released.countDown();
    }

    /**
     * Forgets queued and standing faults and {@link #beforeNext} actions, and answers as {@link Version#V1_84}
     * again (the full-stack tests share one stand-in and call this around every test).
     */
    public void clearFaults() {
        synchronized (lock) {
            nextFaults.clear();
            standingFaults.clear();
            beforeNext.clear();
            version = Version.V1_84;
        }
    }

    /**
     * Sets the wait of TIMEOUT, SLOW and CREATE_THEN_TIMEOUT; {@code null} restores the defaults
     * ({@link #DEFAULT_TIMEOUT_DELAY}, {@link #DEFAULT_SLOW_DELAY}).
     */
    public void setDelay(Duration d) {
        synchronized (lock) {
            delay = d;
        }
    }

    // ---------------------------------------------------------------- inspection

    /** All live (not deleted) keys, oldest first. */
    public List<StandInKey> keys() {
        synchronized (lock) {
            return keys.values().stream().map(LiteLlmStandIn::toStandInKey).toList();
        }
    }

    public Optional<StandInKey> keyByHash(String tokenHash) {
        synchronized (lock) {
            return Optional.ofNullable(keys.get(tokenHash)).map(LiteLlmStandIn::toStandInKey);
        }
    }

    public Optional<StandInKey> keyByAlias(String keyAlias) {
        synchronized (lock) {
            return Optional.ofNullable(keyWithAlias(keyAlias)).map(LiteLlmStandIn::toStandInKey);
        }
    }

    /** Every plaintext key this stand-in ever issued (including deleted ones), oldest first. */
    public List<String> issuedPlaintexts() {
        synchronized (lock) {
            return List.copyOf(issuedPlaintexts);
        }
    }

    /** The user row (timestamps as {@link Instant}), or empty. */
    public Optional<Map<String, Object>> user(String userId) {
        synchronized (lock) {
            return Optional.ofNullable(users.get(userId)).map(LiteLlmStandIn::snapshot);
        }
    }

    /** The team row including {@code members_with_roles} (timestamps as {@link Instant}), or empty. */
    public Optional<Map<String, Object>> team(String teamId) {
        synchronized (lock) {
            return Optional.ofNullable(teams.get(teamId)).map(LiteLlmStandIn::snapshot);
        }
    }

    /** All spend log rows, oldest first (timestamps as {@link Instant}). */
    public List<Map<String, Object>> spendLogs() {
        synchronized (lock) {
            return spendLogs.stream().map(LiteLlmStandIn::snapshot).toList();
        }
    }

    /** Every HTTP request received, in order, including faulted and rejected ones. */
    public List<RecordedCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** How many requests were received on {@code path} (query excluded). */
    public long callCount(String path) {
        synchronized (lock) {
            return calls.stream().filter(call -> call.path().equals(path)).count();
        }
    }

    /**
     * Books {@code usd} on the key (and on its user and team, if they exist) and writes a spend log row dated now,
     * as a completed request on {@code model} would.
     */
    public void addSpend(String tokenHash, String model, double usd) {
        synchronized (lock) {
            Map<String, Object> key = keys.get(tokenHash);
            if (key == null) {
                throw new IllegalArgumentException("No live key with hash " + tokenHash);
            }
            recordSpend(key, tokenHash, model, usd, 0, 0, now());
        }
    }

    /**
     * Books one request on {@code model} that cost {@code usd} and used {@code tokens} tokens at {@code at}, as
     * {@link #addSpend} does for now: for spend on past days.
     */
    public void addSpendAt(String tokenHash, String model, double usd, int tokens, Instant at) {
        synchronized (lock) {
            Map<String, Object> key = keys.get(tokenHash);
            if (key == null) {
                throw new IllegalArgumentException("No live key with hash " + tokenHash);
            }
            recordSpend(key, tokenHash, model, usd, tokens, 0, at.truncatedTo(ChronoUnit.MICROS));
        }
    }

    /**
     * Books one request that LiteLLM's daily table keeps without a model group ({@code model_group} empty, as for
     * calls that did not go through a model group): {@code /user/daily/activity} shows it under {@code models} and
     * {@code api_keys} but not under {@code model_groups}.
     */
    public void addSpendWithoutModelGroup(String tokenHash, String providerModel, double usd, Instant at) {
        synchronized (lock) {
            Map<String, Object> key = keys.get(tokenHash);
            if (key == null) {
                throw new IllegalArgumentException("No live key with hash " + tokenHash);
            }
            String userId = (String) key.get("user_id");
            for (Map<String, Object> row : Arrays.asList(key, users.get(userId), teams.get((String) key.get(
                    "team_id")))) {
                if (row != null) {
                    row.put("spend", spendOf(row) + usd);
                }
            }
            String date = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
            dailySpend.computeIfAbsent(date, d -> new LinkedHashMap<>())
                    .computeIfAbsent(Arrays.asList(Objects.requireNonNullElse(userId, ""), tokenHash, providerModel,
                            null, ""), id -> new DailyRow(date, id, (String) key.get("key_alias"),
                            (String) key.get("team_id")))
                    .add(usd, 0, 0);
        }
    }

    /**
     * Adds a key whose plaintext nobody here knows (created elsewhere, e.g. seeded by a benchmark), as LiteLLM would
     * hold it after {@code /key/generate} with these fields.
     */
    public void putKey(String tokenHash, String keyAlias, String userId, String teamId, Double maxBudget,
            double spend) {
        synchronized (lock) {
            Instant now = now();
            Map<String, Object> row = ordered("token", tokenHash, "key_name", "sk-..." + tokenHash.substring(60),
                    "key_alias", keyAlias, "spend", spend, "max_budget", maxBudget, "models", new ArrayList<>(),
                    "user_id", userId, "team_id", teamId, "metadata", new LinkedHashMap<>(), "blocked", null,
                    "expires", null, "budget_duration", null, "budget_reset_at", null, "soft_budget_cooldown", false,
                    "model_spend", new LinkedHashMap<>(), "created_at", now, "created_by", ADMIN_USER_ID,
                    "updated_at", now, "updated_by", ADMIN_USER_ID, "last_active", null, "rotation_count", 0,
                    "litellm_budget_table", null, "object_permission", null, "allowed_routes", new ArrayList<>());
            keys.put(tokenHash, row);
        }
    }

    // ---------------------------------------------------------------- HTTP plumbing

    private void handle(HttpExchange exchange) {
        synchronized (idle) {
            inFlight++;
        }
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String query = Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "");
            Request request = new Request(exchange.getRequestMethod(), path, parseQuery(query), body,
                    exchange.getRequestHeaders());
            Fault fault;
            Runnable before;
            synchronized (lock) {
                calls.add(new RecordedCall(request.method(), path, query, body));
                fault = takeFault(path);
                Deque<Runnable> queued = beforeNext.get(path);
                before = queued == null ? null : queued.poll();
            }
            if (before != null) {
                before.run();
            }
            serve(exchange, request, fault);
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
            synchronized (idle) {
                inFlight--;
                idle.notifyAll();
            }
        }
    }

    /**
     * Waits until no request is being served — for example until a request held by {@link Fault#TIMEOUT}
     * has done its work after the portal gave up on it. Fails when that takes longer than {@code limit}.
     */
    public void awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException(inFlight + " request(s) still in flight after " + limit);
                }
                try {
                    idle.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * POSTs a JSON body to any route with this key in the {@code Authorization} header, as someone trying LiteLLM's
     * own API with a key (or the master key) would.
     */
    public java.net.http.HttpResponse<String> post(String path, String key, Map<String, ?> body) {
        return postJson(path, key, JSON.writeValueAsString(body));
    }

    /** Calls {@code /chat/completions} with a virtual key, as someone using an issued key would. */
    public java.net.http.HttpResponse<String> chat(String key, String model) {
        return postJson("/chat/completions", key, "{\"model\": \"" + model
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}");
    }

    private java.net.http.HttpResponse<String> postJson(String path, String key, String json) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void serve(HttpExchange exchange, Request request, Fault fault) throws IOException, InterruptedException {
        if (fault == null) {
            send(exchange, process(request));
            return;
        }
        switch (fault) {
            case HTTP_500 -> send(exchange, simulatedServerError());
            case CREATE_THEN_500 -> {
                process(request);
                send(exchange, simulatedServerError());
            }
            case HTTP_401 -> send(exchange, invalidToken().response());
            case MALFORMED_JSON -> sendBytes(exchange, 200, "{\"key\": \"sk-".getBytes(StandardCharsets.UTF_8));
            case CONNECTION_RESET -> {
                // handle() closes the exchange before any header was sent, which drops the connection
            }
            case TIMEOUT, SLOW -> {
                Thread.sleep(delayFor(fault).toMillis());
                send(exchange, process(request));
            }
            case CREATE_THEN_TIMEOUT -> {
                Response response = process(request);
                Thread.sleep(delayFor(fault).toMillis());
                send(exchange, response);
            }
            case CREATE_THEN_HANG -> {
                Response response = process(request);
                held.await();
                send(exchange, response);
            }
        }
    }

    private static Response simulatedServerError() {
        return errorA(500, "internal_server_error", "None", "Internal Server Error (simulated by the LiteLLM stand-in)")
                .response();
    }

    private Fault takeFault(String path) {
        Deque<Fault> queued = nextFaults.get(path);
        return queued != null && !queued.isEmpty() ? queued.poll() : standingFaults.get(path);
    }

    private Duration delayFor(Fault fault) {
        synchronized (lock) {
            if (delay != null) {
                return delay;
            }
        }
        return fault == Fault.SLOW ? DEFAULT_SLOW_DELAY : DEFAULT_TIMEOUT_DELAY;
    }

    /** Routes, authenticates and runs a request (404/405 come first, as in FastAPI). */
    private Response process(Request request) {
        Route route = REGENERATE_IN_PATH.matcher(request.path()).matches()
                ? routes.get("/key/regenerate")
                : routes.get(request.path());
        if (route == null) {
            return errorB(404, "Not Found").response();
        }
        if (!route.method().equals(request.method())) {
            return errorB(405, "Method Not Allowed").response();
        }
        try {
            synchronized (lock) {
                Caller caller = route.access() == Access.PUBLIC ? null : authenticate(request, route);
                return new Response(200, route.handler().handle(new Call(request, caller)));
            }
        } catch (ApiError e) {
            return e.response();
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        sendBytes(exchange, response.status(), JSON.writeValueAsBytes(response.body()));
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Map<String, Route> routes() {
        Map<String, Route> table = new HashMap<>();
        Handler alive = call -> "I'm alive!";
        table.put("/health/liveliness", new Route("GET", Access.PUBLIC, alive));
        table.put("/health/liveness", new Route("GET", Access.PUBLIC, alive));
        table.put("/health/readiness", new Route("GET", Access.SELF_MANAGED, this::readiness));
        table.put("/key/generate", new Route("POST", Access.KEY_MANAGEMENT, this::generateKey));
        table.put("/key/info", new Route("GET", Access.INFO, this::keyInfo));
        table.put("/key/list", new Route("GET", Access.KEY_MANAGEMENT, this::listKeys));
        table.put("/key/update", new Route("POST", Access.KEY_MANAGEMENT, this::updateKey));
        table.put("/key/delete", new Route("POST", Access.KEY_MANAGEMENT, this::deleteKeys));
        table.put("/key/block", new Route("POST", Access.KEY_MANAGEMENT, call -> setBlocked(call, true)));
        table.put("/key/unblock", new Route("POST", Access.KEY_MANAGEMENT, call -> setBlocked(call, false)));
        table.put("/key/regenerate", new Route("POST", Access.KEY_MANAGEMENT, call -> {
            throw enterpriseOnly("Regenerating Virtual Keys is an Enterprise feature, ");
        }));
        table.put("/user/new", new Route("POST", Access.ADMIN, this::newUser));
        table.put("/user/update", new Route("POST", Access.ADMIN, this::updateUser));
        table.put("/user/info", new Route("GET", Access.ADMIN, this::userInfo));
        table.put("/team/new", new Route("POST", Access.ADMIN, this::newTeam));
        table.put("/team/info", new Route("GET", Access.ADMIN, this::teamInfo));
        table.put("/team/member_add", new Route("POST", Access.ADMIN, this::addTeamMembers));
        table.put("/model/info", new Route("GET", Access.INFO, this::modelInfo));
        table.put("/v1/model/info", new Route("GET", Access.INFO, this::modelInfo));
        table.put("/v1/models", new Route("GET", Access.LLM_API, this::listModels));
        table.put("/models", new Route("GET", Access.LLM_API, this::listModels));
        table.put("/spend/logs", new Route("GET", Access.ADMIN, this::viewSpendLogs));
        table.put("/user/daily/activity", new Route("GET", Access.SELF_MANAGED, this::dailyActivity));
        table.put("/chat/completions", new Route("POST", Access.LLM_API, this::chatCompletion));
        table.put("/v1/chat/completions", new Route("POST", Access.LLM_API, this::chatCompletion));
        return Map.copyOf(table);
    }

    // ---------------------------------------------------------------- authentication

    private Caller authenticate(Request request, Route route) {
        String presented = presentedKey(request.headers());
        if (presented == null) {
            throw authError("Authentication Error, No api key passed in.");
        }
        if (MessageDigest.isEqual(sha256(presented), masterKeyDigest)) {
            return new Caller(null);
        }
        if (!presented.startsWith("sk-")) {
            throw authError("Authentication Error, LiteLLM Virtual Key expected. Received=" + maskSecret(presented)
                    + ", expected to start with 'sk-'.");
        }
        Map<String, Object> key = keys.get(sha256Hex(presented));
        if (key == null) {
            throw invalidToken();
        }
        if (Boolean.TRUE.equals(key.get("blocked"))) {
            throw authError("Authentication Error, Key is blocked. Update via `/key/unblock` if you're an admin.");
        }
        Map<String, Object> team = teamOf(key);
        if (team != null && Boolean.TRUE.equals(team.get("blocked"))) {
            throw authError("Authentication Error, Team=" + team.get("team_id")
                    + " is blocked. Update via `/team/unblock` if you're an admin.");
        }
        Instant expires = (Instant) key.get("expires");
        Instant now = now();
        if (expires != null && expires.isBefore(now)) {
            throw errorA(400, "expired_key", (String) key.get("key_name"),
                    "Authentication Error - Expired Key. Key Expiry time " + timestamp(expires, TimeStyle.OFFSET)
                            + " and current time " + timestamp(now, TimeStyle.OFFSET));
        }
        Map<String, Object> user = users.get((String) key.get("user_id"));
        Caller caller = new Caller(key, user == null ? null : (String) user.get("user_role"));
        if (!caller.isAdmin() && !roleAllows(caller, route, request.path())) {
            throw adminOnly(request.path(), caller);
        }
        requireAllowedRoute(caller, route, request.path());
        return caller;
    }

    /**
     * LiteLLM's route check for a virtual key whose user is not a proxy admin ({@code route_checks.py},
     * {@code non_proxy_admin_allowed_routes_check}): model calls, info routes and the routes that check their own
     * callers pass for every role; key management only for {@code internal_user} (its route list includes the key
     * management routes, {@code internal_user_viewer}'s does not); admin routes for nobody. A key's own
     * {@code allowed_routes} let a route through when they name it (bucket names such as {@code llm_api_routes} do
     * not count here). A key without a user has no role.
     */
    private static boolean roleAllows(Caller caller, Route route, String path) {
        boolean byRole = switch (route.access()) {
            case PUBLIC, LLM_API, INFO, SELF_MANAGED -> true;
            case KEY_MANAGEMENT -> "internal_user".equals(caller.role());
            case ADMIN -> false;
        };
        return byRole || caller.allowedRoutes().stream().anyMatch(allowed -> matchesLiterally(allowed, path));
    }

    /**
     * LiteLLM's route limit of a virtual key, for every role ({@code is_virtual_key_allowed_to_call_route}, run
     * by {@code should_call_route} after the role check and outside its error handling, hence the plain 403
     * {@code {"detail": ...}}): with {@code allowed_routes} set, the route must be named there, literally, by a
     * wildcard, or through a route list such as {@code llm_api_routes} (what {@code key_type: llm_api} sets).
     */
    private static void requireAllowedRoute(Caller caller, Route route, String path) {
        List<String> allowed = caller.allowedRoutes();
        if (allowed.isEmpty() || allowed.stream().anyMatch(entry -> matchesLiterally(entry, path)
                || ROUTE_LISTS.getOrDefault(entry, Set.of()).contains(path))) {
            return;
        }
        throw errorB(403, "Virtual key is not allowed to call this route. Only allowed to call routes: "
                + pyList(allowed) + ". Tried to call route: " + path);
    }

    private static boolean matchesLiterally(String allowed, String path) {
        return allowed.equals(path) || allowed.endsWith("*") && path.startsWith(allowed.substring(0,
                allowed.length() - 1));
    }

    /** The key from {@code Authorization: Bearer ...}, else from x-litellm-api-key, API-Key or x-api-key. */
    private static String presentedKey(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        for (String header : List.of("x-litellm-api-key", "API-Key", "x-api-key")) {
            String value = headers.getFirst(header);
            if (value != null && !value.isBlank()) {
                return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
            }
        }
        return null;
    }

    private ApiError adminOnly(String path, Caller caller) {
        String role = caller.role() == null ? "unknown" : caller.role();
        String userId = caller.userId() == null ? "None" : maskUserId(caller.userId());
        return authError("Authentication Error, Only proxy admin can be used to generate, delete, update info for new "
                + "keys/users/teams. Route=" + path + ". Your role=" + role + ". Your user_id=" + userId);
    }

    // ---------------------------------------------------------------- /key/*

    /**
     * A proxy admin creates keys for anyone; anyone else who reaches this route (an {@code internal_user}'s key)
     * only for themselves, their own user id filled in when none is given ({@code _is_allowed_to_make_key_request}).
     */
    private Object generateKey(Call call) {
        Caller caller = call.caller();
        Body body = call.body();
        if (!caller.isAdmin()) {
            String userId = body.string("user_id");
            if (userId != null && !userId.equals(caller.userId())) {
                throw httpError(403, "User can only create keys for themselves. Got user_id=" + userId
                        + ", Your ID=" + caller.userId());
            }
            body = body.with("user_id", caller.userId());
        }
        return issueKey(body, caller.userId());
    }

    /** Refuses a change to someone else's key unless the caller is a proxy admin. */
    private static void requireOwnKey(Caller caller, Map<String, Object> key, String what) {
        if (!caller.isAdmin() && !Objects.equals(caller.userId(), key.get("user_id"))) {
            throw httpError(403, "You are not allowed to " + what + " this key. Only the key's user or a proxy"
                    + " admin can.");
        }
    }

    /** /key/generate (also used for the auto key of /user/new): validates, stores and returns GenerateKeyResponse. */
    private Map<String, Object> issueKey(Body body, String createdBy) {
        Map<String, Object> fields = body.readAll(KEY_FIELDS, true);
        Map<String, Object> echoed = body.readAll(KEY_ECHO_FIELDS, false);
        String keyType = body.string("key_type");
        if (keyType != null) {
            if (!KEY_TYPES.containsKey(keyType)) {
                throw invalid("enum", body.at("key_type"), "Input should be 'llm_api', 'management', 'read_only' or"
                        + " 'default'", keyType);
            }
            if (!keyType.equals("default")) {
                fields.put("allowed_routes", new ArrayList<>(KEY_TYPES.get(keyType)));
            }
        }
        String customKey = body.string("key");
        requireNonNegative(fields, "max_budget");
        requireNonNegative(echoed, "soft_budget");
        Instant now = now();
        Instant budgetResetAt = budgetResetAt((String) fields.get("budget_duration"), now);
        if (echoed.get("tags") != null) {
            throw enterpriseOnly("Only premium users can add tags to keys. ");
        }
        requireUniqueAlias((String) fields.get("key_alias"), null);
        if (customKey != null && !customKey.startsWith("sk-")) {
            throw httpError(400, "Invalid key format. LiteLLM Virtual Key must start with 'sk-'. Received: "
                    + maskSecret(customKey));
        }
        String duration = (String) echoed.get("duration");
        Instant expires = duration == null ? null : expiry(duration, now);
        String plaintext = customKey != null ? customKey : newPlaintextKey();
        String token = sha256Hex(plaintext);
        if (keys.containsKey(token)) {
            throw errorA(500, "internal_server_error", "None", "Unique constraint failed on the fields: (`token`)");
        }
        if (fields.get("spend") == null) {
            fields.put("spend", 0.0);
        }

        Map<String, Object> row = ordered("token", token, "key_name", keyName(plaintext));
        row.putAll(fields);
        row.putAll(ordered("expires", expires, "budget_reset_at", budgetResetAt, "soft_budget_cooldown", false,
                "model_spend", new LinkedHashMap<>(), "created_at", now, "created_by", createdBy,
                "updated_at", now, "updated_by", createdBy, "last_active", null, "rotation_count", 0,
                "last_rotation_at", null, "key_rotation_at", null, "object_permission_id", null,
                "litellm_budget_table", budgetTable((Double) echoed.get("soft_budget"), now),
                "object_permission", null));
        keys.put(token, row);
        issuedPlaintexts.add(plaintext);

        Map<String, Object> response = ordered("key", plaintext, "key_name", row.get("key_name"), "token", token,
                "token_id", token);
        response.putAll(fields);
        response.putAll(echoed);
        response.putAll(ordered("expires", expires, "litellm_budget_table", null, "created_by", createdBy,
                "updated_by", createdBy, "created_at", now, "updated_at", now));
        return render(response, TimeStyle.ZULU);
    }

    private Object keyInfo(Call call) {
        String ref = call.query("key");
        Caller caller = call.caller();
        Map<String, Object> key;
        if (ref == null && !caller.isAdmin()) {
            key = caller.key();
            ref = (String) key.get("token");
        } else {
            String token = ref == null ? null : tokenOf(ref);
            if (!caller.isAdmin() && !Objects.equals(token, caller.key().get("token"))) {
                throw adminOnly(call.request().path(), caller);
            }
            key = token == null ? null : keys.get(token);
            if (key == null) {
                throw errorA(404, "not_found_error", "key", "Key not found in database");
            }
        }
        Map<String, Object> info = new LinkedHashMap<>(key);
        info.remove("token");
        return render(ordered("key", ref, "info", info), TimeStyle.OFFSET);
    }

    private Object listKeys(Call call) {
        int page = call.intQuery("page", 1, 1, Integer.MAX_VALUE);
        int size = call.intQuery("size", 10, 1, 100);
        boolean fullObjects = call.boolQuery("return_full_object", false);
        String sortBy = Objects.requireNonNullElse(call.query("sort_by"), "created_at");
        String sortOrder = Objects.requireNonNullElse(call.query("sort_order"), "desc").toLowerCase(Locale.ROOT);
        if (!KEY_SORT_COLUMNS.contains(sortBy)) {
            throw httpError(400, "Invalid sort_by value: " + sortBy + ". Must be one of " + pyList(KEY_SORT_COLUMNS));
        }
        if (!sortOrder.equals("asc") && !sortOrder.equals("desc")) {
            throw httpError(400, "Invalid sort_order value: " + sortOrder + ". Must be 'asc' or 'desc'");
        }
        Map<String, String> columnByFilter = Map.of("user_id", "user_id", "team_id", "team_id",
                "organization_id", "organization_id", "key_alias", "key_alias", "key_hash", "token");
        Caller caller = call.caller();
        List<Map<String, Object>> rows = new ArrayList<>(keys.values().stream()
                .filter(row -> caller.isAdmin() || Objects.equals(caller.userId(), row.get("user_id")))
                .filter(row -> columnByFilter.entrySet().stream().allMatch(filter -> call.query(filter.getKey()) == null
                        || call.query(filter.getKey()).equals(row.get(filter.getValue()))))
                .toList());
        Comparator<Map<String, Object>> bySortColumn = Comparator.comparing(row -> comparable(row.get(sortBy)),
                Comparator.nullsFirst(Comparator.naturalOrder()));
        if (sortOrder.equals("desc")) {
            Collections.reverse(rows); // newest first among equal values, once the stable sort below is done
            bySortColumn = bySortColumn.reversed();
        }
        rows.sort(bySortColumn);
        int total = rows.size();
        // _list_key_helper loads each row with its object permission only: the budget row (soft budget) is null
        List<Object> pageItems = rows.stream().skip((long) (page - 1) * size).limit(size)
                .map(row -> fullObjects ? withoutBudgetRow(row) : row.get("token")).toList();
        return render(ordered("keys", pageItems, "total_count", total, "current_page", page,
                "total_pages", (total + size - 1) / size), TimeStyle.OFFSET);
    }

    private Object updateKey(Call call) {
        Body body = call.body();
        String keyRef = body.string("key");
        String aliasRef = body.string("key_alias");
        Map<String, Object> changes = body.readAll(KEY_FIELDS, false);
        changes.keySet().retainAll(body.presentFields());
        String duration = body.string("duration");
        if (body.strings("tags") != null) {
            throw enterpriseOnly("Only premium users can add tags to keys. ");
        }
        if (keyRef == null && aliasRef == null) {
            throw invalid("value_error", List.of("body"), "Value error, Either 'key' or 'key_alias' must be provided",
                    body.json());
        }
        Map<String, Object> key = keyRef != null ? keys.get(tokenOf(keyRef)) : keyWithAlias(aliasRef);
        if (key == null) {
            throw authError("Authentication Error: invalid user key - user key does not exist in db. User Key="
                    + (keyRef != null ? keyRef : aliasRef));
        }
        requireOwnKey(call.caller(), key, "update");
        if (keyRef == null) {
            changes.remove("key_alias"); // the alias identified the key; it is not a change
        }
        requireNonNegative(changes, "max_budget");
        Instant now = now();
        if (changes.containsKey("budget_duration")) {
            changes.put("budget_reset_at", budgetResetAt((String) changes.get("budget_duration"), now));
        }
        if (changes.get("key_alias") != null) {
            requireUniqueAlias((String) changes.get("key_alias"), (String) key.get("token"));
        }
        if (body.has("duration")) {
            changes.put("expires", duration == null || duration.equals("-1") ? null : expiry(duration, now));
        }
        if (changes.containsKey("spend") && changes.get("spend") == null) {
            changes.put("spend", 0.0);
        }
        // soft_budget is no field of UpdateKeyRequest: pydantic drops it, nothing changes
        key.putAll(changes);
        key.put("updated_at", now);
        key.put("updated_by", call.caller().userId());
        Map<String, Object> response = ordered("key", keyRef != null ? keyRef : key.get("token"));
        response.putAll(key);
        return render(response, TimeStyle.OFFSET);
    }

    private static Map<String, Object> withoutBudgetRow(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.put("litellm_budget_table", null);
        return copy;
    }

    private Object deleteKeys(Call call) {
        Body body = call.body();
        List<String> refs = body.strings("keys");
        List<String> aliases = body.strings("key_aliases");
        if (refs == null && aliases == null) {
            throw invalid("value_error", List.of("body"),
                    "Value error, Either 'keys' or 'key_aliases' must be provided", body.json());
        }
        List<String> tokens = new ArrayList<>();
        if (refs != null) {
            refs.stream().map(LiteLlmStandIn::tokenOf).filter(keys::containsKey).forEach(tokens::add);
        } else {
            aliases.stream().map(this::keyWithAlias).filter(Objects::nonNull)
                    .forEach(row -> tokens.add((String) row.get("token")));
        }
        if (tokens.isEmpty()) {
            throw httpError(404, "No keys found");
        }
        tokens.forEach(token -> requireOwnKey(call.caller(), keys.get(token), "delete"));
        tokens.forEach(keys::remove);
        return ordered("deleted_keys", refs != null ? refs : aliases);
    }

    /** Blocks or unblocks any key: LiteLLM checks neither the caller's role nor whose key it is here. */
    private Object setBlocked(Call call, boolean blocked) {
        String ref = call.body().requiredString("key");
        if (!ref.startsWith("sk-") && !TOKEN_HASH.matcher(ref).matches()) {
            throw errorA(400, "bad_request_error", "key", "Invalid key format.");
        }
        String token = tokenOf(ref);
        Map<String, Object> key = keys.get(token);
        if (key == null) {
            throw errorA(401, "token_not_found_in_db", "key", "Authentication Error, Invalid proxy server token "
                    + "passed. key=" + token + ", not found in db. Create key via `/key/generate` call.");
        }
        key.put("blocked", blocked);
        key.put("updated_at", now());
        key.put("updated_by", call.caller().userId());
        return render(key, TimeStyle.OFFSET);
    }

    // ---------------------------------------------------------------- /user/*

    private Object newUser(Call call) {
        Body body = call.body();
        Map<String, Object> fields = body.readAll(USER_FIELDS, true);
        String userId = Objects.requireNonNullElseGet(body.string("user_id"), () -> UUID.randomUUID().toString());
        String role = Objects.requireNonNullElse(body.string("user_role"), "internal_user");
        if (!USER_ROLES.contains(role)) {
            throw invalid("enum", body.at("user_role"), "Input should be 'proxy_admin', 'proxy_admin_viewer', "
                    + "'internal_user' or 'internal_user_viewer'", role);
        }
        List<String> teamIds = body.teamIds("teams");
        boolean autoCreateKey = !Boolean.FALSE.equals(body.bool("auto_create_key"));
        String email = (String) fields.get("user_email");
        Map<String, Object> sameEmail = email == null ? null : users.values().stream()
                .filter(u -> email.strip().equalsIgnoreCase((String) u.get("user_email"))).findFirst().orElse(null);
        if (version == Version.V1_80) {
            // _check_duplicate_user_email only (400, even for the same user_id); a known user_id is upserted with
            // an empty update, so the row stays as it was while the answer echoes the request
            if (sameEmail != null) {
                throw httpError(400, "User with email " + sameEmail.get("user_email") + " already exists");
            }
        } else {
            if (users.containsKey(userId)) {
                throw httpError(409, "User with id " + userId + " already exists");
            }
            if (sameEmail != null) {
                throw httpError(409, "User with email " + sameEmail.get("user_email") + " already exists");
            }
        }
        Instant now = now();
        Instant budgetResetAt = budgetResetAt((String) fields.get("budget_duration"), now);

        Map<String, Object> key = Map.of();
        if (autoCreateKey) {
            Map<String, Object> keyRequest = ordered("user_id", userId, "models", fields.get("models"),
                    "key_alias", body.string("key_alias"), "duration", body.string("duration"));
            key = issueKey(Body.of(keyRequest), call.caller().userId());
        }

        Map<String, Object> user = ordered("user_id", userId, "user_alias", fields.get("user_alias"),
                "sso_user_id", fields.get("sso_user_id"), "organization_id", null, "teams", new ArrayList<>(),
                "user_role", role, "max_budget", fields.get("max_budget"), "spend", 0.0, "user_email", email,
                "models", fields.get("models"), "metadata", fields.get("metadata"),
                "max_parallel_requests", fields.get("max_parallel_requests"), "tpm_limit", fields.get("tpm_limit"),
                "rpm_limit", fields.get("rpm_limit"), "budget_duration", fields.get("budget_duration"),
                "budget_reset_at", budgetResetAt, "allowed_cache_controls", new ArrayList<>(),
                "model_spend", new LinkedHashMap<>(), "model_max_budget", fields.get("model_max_budget"),
                "created_at", now, "updated_at", now);
        users.putIfAbsent(userId, user);
        for (String teamId : teamIds) {
            Map<String, Object> team = teams.get(teamId);
            if (team != null) {
                addMember(team, ordered("user_id", userId, "user_email", email, "role", "user"));
            } else {
                joinTeam(user, teamId);
            }
        }

        Map<String, Object> response = ordered("user_id", userId, "user_email", email, "user_role", role);
        response.putAll(fields);
        response.putAll(ordered("spend", 0.0, "teams", null, "key_alias", body.string("key_alias"),
                "duration", body.string("duration"), "key", key.getOrDefault("key", ""),
                "key_name", key.get("key_name"), "token", key.get("token"), "token_id", key.get("token_id"),
                "expires", key.get("expires"), "created_at", now, "updated_at", now));
        return render(response, TimeStyle.ZULU);
    }

    /** /user/update: changes the fields present, among them {@code user_role}; an unknown user is a 404. */
    private Object updateUser(Call call) {
        Body body = call.body();
        String userId = body.requiredString("user_id");
        Map<String, Object> changes = body.readAll(USER_FIELDS, false);
        changes.keySet().retainAll(body.presentFields());
        String role = body.string("user_role");
        if (role != null && !USER_ROLES.contains(role)) {
            throw invalid("enum", body.at("user_role"), "Input should be 'proxy_admin', 'proxy_admin_viewer', "
                    + "'internal_user' or 'internal_user_viewer'", role);
        }
        Map<String, Object> user = users.get(userId);
        if (user == null) {
            throw errorA(404, "internal_server_error", "None", "User " + userId + " not found");
        }
        if (role != null) {
            changes.put("user_role", role);
        }
        user.putAll(changes);
        user.put("updated_at", now());
        return render(ordered("user_id", userId, "data", user), TimeStyle.OFFSET);
    }

    private Object userInfo(Call call) {
        String userId = call.query("user_id");
        if (userId == null) {
            List<Object> allKeys = keys.values().stream().map(k -> (Object) withTeamAlias(k)).toList();
            return render(ordered("user_id", null, "user_info", null, "keys", allKeys,
                    "teams", new ArrayList<>(teams.values())), TimeStyle.OFFSET);
        }
        Map<String, Object> user = users.get(userId);
        if (user == null && version == Version.V1_80) {
            // before 404 (PR #16850): no user row and no keys give user_info = {"spend": <sum of key spend>}
            List<Object> orphanKeys = keys.values().stream().filter(k -> userId.equals(k.get("user_id")))
                    .map(k -> (Object) withTeamAlias(k)).toList();
            double spend = keys.values().stream().filter(k -> userId.equals(k.get("user_id")))
                    .mapToDouble(LiteLlmStandIn::spendOf).sum();
            return render(ordered("user_id", userId, "user_info", ordered("spend", spend), "keys", orphanKeys,
                    "teams", new ArrayList<>()), TimeStyle.OFFSET);
        }
        if (user == null) {
            throw errorA(404, "internal_server_error", "None", "User " + userId + " not found");
        }
        List<Object> userKeys = keys.values().stream().filter(k -> userId.equals(k.get("user_id")))
                .map(k -> (Object) withTeamAlias(k)).toList();
        List<Object> userTeams = strings(user.get("teams")).stream().map(teams::get).filter(Objects::nonNull)
                .map(team -> (Object) team).toList();
        return render(ordered("user_id", userId, "user_info", user, "keys", userKeys, "teams", userTeams),
                TimeStyle.OFFSET);
    }

    private Map<String, Object> withTeamAlias(Map<String, Object> key) {
        Map<String, Object> team = teamOf(key);
        Map<String, Object> row = new LinkedHashMap<>(key);
        row.put("team_alias", team == null ? "None" : team.get("team_alias"));
        return row;
    }

    // ---------------------------------------------------------------- /team/*

    private Object newTeam(Call call) {
        Body body = call.body();
        Map<String, Object> fields = body.readAll(TEAM_FIELDS, true);
        String teamId = Objects.requireNonNullElseGet(body.string("team_id"), () -> UUID.randomUUID().toString());
        List<Map<String, Object>> members = body.members("members_with_roles");
        if (teams.containsKey(teamId)) {
            throw httpError(400, "Team id = " + teamId + " already exists. Please use a different team id.");
        }
        Instant now = now();
        Instant budgetResetAt = budgetResetAt((String) fields.get("budget_duration"), now);
        Map<String, Object> team = ordered("team_id", teamId, "team_alias", fields.get("team_alias"),
                "organization_id", fields.get("organization_id"), "admins", new ArrayList<>(),
                "members", new ArrayList<>(), "members_with_roles", new ArrayList<>(),
                "team_member_permissions", new ArrayList<>(), "metadata", fields.get("metadata"),
                "tpm_limit", fields.get("tpm_limit"), "rpm_limit", fields.get("rpm_limit"),
                "max_budget", fields.get("max_budget"), "soft_budget", fields.get("soft_budget"),
                "budget_duration", fields.get("budget_duration"), "budget_reset_at", budgetResetAt,
                "models", fields.get("models"), "blocked", Boolean.TRUE.equals(fields.get("blocked")),
                "spend", 0.0, "max_parallel_requests", fields.get("max_parallel_requests"), "model_id", null,
                "model_spend", new LinkedHashMap<>(), "model_max_budget", fields.get("model_max_budget"),
                "router_settings", fields.get("router_settings"), "access_group_ids", new ArrayList<>(),
                "created_at", now, "updated_at", now);
        teams.put(teamId, team);
        members.forEach(member -> addMember(team, member));
        addMember(team, ordered("user_id", call.caller().userId(), "user_email", null, "role", "admin"));
        return render(team, TimeStyle.OFFSET);
    }

    private Object teamInfo(Call call) {
        String teamId = call.query("team_id");
        if (teamId == null) {
            throw errorA(422, "auth_error", "None", pyDict("error", "Malformed request. No team id passed in."));
        }
        Map<String, Object> team = teams.get(teamId);
        if (team == null) {
            throw errorA(404, "auth_error", "None",
                    pyDict("message", "Team not found, passed team id: " + teamId + "."));
        }
        Map<String, Object> teamInfo = new LinkedHashMap<>(team);
        teamInfo.put("team_member_budget_table", null);
        List<Object> teamKeys = keys.values().stream().filter(k -> teamId.equals(k.get("team_id")))
                .map(k -> (Object) k).toList();
        List<Object> memberships = maps(team.get("members_with_roles")).stream()
                .map(member -> (String) member.get("user_id")).filter(Objects::nonNull)
                .map(userId -> (Object) ordered("user_id", userId, "team_id", teamId, "budget_id", null,
                        "spend", spendInTeam(teamId, userId), "litellm_budget_table", null))
                .toList();
        return render(ordered("team_id", teamId, "team_info", teamInfo, "keys", teamKeys,
                "team_memberships", memberships), TimeStyle.OFFSET);
    }

    private Object addTeamMembers(Call call) {
        Body body = call.body();
        String teamId = body.requiredString("team_id");
        List<Map<String, Object>> members = body.members("member");
        if (members.isEmpty()) {
            throw invalid("missing", body.at("member"), "Field required", null);
        }
        Map<String, Object> team = teams.get(teamId);
        if (team == null) {
            throw httpError(404, "Team not found for team_id=" + teamId);
        }
        List<Object> updatedUsers = new ArrayList<>();
        for (Map<String, Object> member : members) {
            addMember(team, member);
            Optional.ofNullable(users.get((String) member.get("user_id"))).ifPresent(updatedUsers::add);
        }
        team.put("updated_at", now());
        Map<String, Object> response = new LinkedHashMap<>(team);
        response.put("updated_users", updatedUsers);
        response.put("updated_team_memberships", new ArrayList<>());
        return render(response, TimeStyle.OFFSET);
    }

    /** Adds a member unless already present (by user_id, else e-mail) and records the team on the user's row. */
    private void addMember(Map<String, Object> team, Map<String, Object> member) {
        if (member.get("user_id") == null && member.get("user_email") != null) {
            users.values().stream().filter(u -> member.get("user_email").equals(u.get("user_email"))).findFirst()
                    .ifPresent(u -> member.put("user_id", u.get("user_id")));
        }
        String key = member.get("user_id") != null ? "user_id" : "user_email";
        List<Map<String, Object>> roster = maps(team.get("members_with_roles"));
        if (roster.stream().noneMatch(m -> Objects.equals(m.get(key), member.get(key)))) {
            roster.add(member);
        }
        Map<String, Object> user = users.get((String) member.get("user_id"));
        if (user != null) {
            joinTeam(user, (String) team.get("team_id"));
        }
    }

    private static void joinTeam(Map<String, Object> user, String teamId) {
        List<String> userTeams = strings(user.get("teams"));
        if (!userTeams.contains(teamId)) {
            userTeams.add(teamId);
        }
    }

    private double spendInTeam(String teamId, String userId) {
        return spendLogs.stream().filter(log -> teamId.equals(log.get("team_id")) && userId.equals(log.get("user")))
                .mapToDouble(log -> (Double) log.get("spend")).sum();
    }

    // ---------------------------------------------------------------- models

    private Object modelInfo(Call call) {
        String modelId = call.query("litellm_model_id");
        List<String> visible = visibleModels(call.caller());
        List<Object> data = deployments.stream()
                .filter(d -> visible.contains(d.modelName()) && (modelId == null || modelId.equals(d.id())))
                .map(d -> (Object) ordered("model_name", d.modelName(),
                        "litellm_params", ordered("model", d.providerModel()),
                        "model_info", ordered("id", d.id(), "db_model", false, "access_groups", d.accessGroups(),
                                "mode", "chat", "input_cost_per_token", d.inputCostPerToken(),
                                "output_cost_per_token", d.outputCostPerToken(), "max_tokens", MODEL_MAX_TOKENS,
                                "max_input_tokens", MODEL_MAX_INPUT_TOKENS, "litellm_provider", d.provider())))
                .toList();
        return ordered("data", data);
    }

    private Object listModels(Call call) {
        List<Object> data = visibleModels(call.caller()).stream()
                .map(name -> (Object) ordered("id", name, "object", "model", "created", OPENAI_MODEL_CREATED,
                        "owned_by", deployment(name).map(Deployment::provider).orElse("openai")))
                .toList();
        return ordered("data", data, "object", "list");
    }

    /** Model names a caller may see: all for the master key, else the key's (or its team's) list, groups expanded. */
    private List<String> visibleModels(Caller caller) {
        if (caller.isMasterKey()) {
            return expand(List.of());
        }
        List<String> keyModels = keyModels(caller.key());
        return expand(keyModels.isEmpty() ? teamModels(caller.key()) : keyModels);
    }

    /** Replaces access-group names by their member models; an empty list (or all-proxy-models) means every model. */
    private List<String> expand(List<String> allowed) {
        Set<String> names = new LinkedHashSet<>();
        if (allowed.isEmpty() || allowed.contains("all-proxy-models")) {
            deployments.forEach(d -> names.add(d.modelName()));
            return List.copyOf(names);
        }
        for (String entry : allowed) {
            List<String> members = deployments.stream().filter(d -> d.accessGroups().contains(entry))
                    .map(Deployment::modelName).toList();
            if (members.isEmpty()) {
                names.add(entry);
            } else {
                names.addAll(members);
            }
        }
        return List.copyOf(names);
    }

    /** The key's models with {@code all-team-models} replaced by its team's models; empty means unrestricted. */
    private List<String> keyModels(Map<String, Object> key) {
        List<String> models = new ArrayList<>();
        for (String model : strings(key.get("models"))) {
            if (model.equals("all-team-models")) {
                models.addAll(teamModels(key));
            } else {
                models.add(model);
            }
        }
        return models;
    }

    private List<String> teamModels(Map<String, Object> key) {
        Map<String, Object> team = teamOf(key);
        return team == null ? List.of() : strings(team.get("models"));
    }

    /** Whether a model list (names, access groups, all-proxy-models; empty = all) lets a caller use {@code model}. */
    private boolean permits(List<String> allowed, String model) {
        return allowed.isEmpty() || allowed.contains("all-proxy-models") || allowed.contains(model)
                || deployments.stream().filter(d -> d.modelName().equals(model))
                        .anyMatch(d -> d.accessGroups().stream().anyMatch(allowed::contains));
    }

    private Optional<Deployment> deployment(String modelName) {
        return deployments.stream().filter(d -> d.modelName().equals(modelName)).findFirst();
    }

    // ---------------------------------------------------------------- data plane

    private Object chatCompletion(Call call) {
        Body body = call.optionalBody();
        String model = body.string("model");
        Map<String, Object> key = call.caller().key();
        if (key != null && model != null) {
            checkModelAccess(key, model);
        }
        if (key != null) {
            checkBudgets(key);
        }
        if (model == null || deployment(model).isEmpty()) {
            throw errorA(400, "None", "None", "litellm.BadRequestError: Invalid model name passed in model=" + model
                    + ". Call `/v1/models` to view available models for your key.");
        }
        Deployment deployment = deployment(model).orElseThrow();
        JsonNode messages = body.json().get("messages");
        int promptTokens = Math.max(1, messages == null ? 1 : messages.toString().length() / 4);
        double cost = promptTokens * deployment.inputCostPerToken()
                + COMPLETION_TOKENS * deployment.outputCostPerToken();
        String apiKey = key != null ? (String) key.get("token") : HexFormat.of().formatHex(masterKeyDigest);
        String requestId = recordSpend(key, apiKey, model, cost, promptTokens, COMPLETION_TOKENS, now());
        Map<String, Object> message = ordered("role", "assistant", "content", ASSISTANT_REPLY);
        return ordered("id", requestId, "object", "chat.completion", "created", now().getEpochSecond(),
                "model", model,
                "choices", List.of(ordered("index", 0, "message", message, "finish_reason", "stop")),
                "usage", ordered("prompt_tokens", promptTokens, "completion_tokens", COMPLETION_TOKENS,
                        "total_tokens", promptTokens + COMPLETION_TOKENS));
    }

    private void checkModelAccess(Map<String, Object> key, String model) {
        if (!permits(keyModels(key), model)) {
            throw errorA(403, "key_model_access_denied", "model", "key not allowed to access model. This key can only "
                    + "access models=" + pyList(strings(key.get("models"))) + ". Tried to access " + model);
        }
        List<String> teamModels = teamModels(key);
        if (!permits(teamModels, model)) {
            throw errorA(403, "team_model_access_denied", "model", "team not allowed to access model. This team can "
                    + "only access models=" + pyList(teamModels) + ". Tried to access " + model);
        }
    }

    /** Key budget, then the owner's budget (personal keys only), then the team's budget (docs/litellm-contract.md). */
    private void checkBudgets(Map<String, Object> key) {
        checkBudget(key, "Key=" + key.get("key_name"));
        Map<String, Object> user = users.get((String) key.get("user_id"));
        if (user != null && key.get("team_id") == null) {
            checkBudget(user, "User=" + user.get("user_id"));
        }
        Map<String, Object> team = teamOf(key);
        if (team != null) {
            checkBudget(team, "Team=" + team.get("team_id"));
        }
    }

    private static void checkBudget(Map<String, Object> row, String who) {
        Double maxBudget = (Double) row.get("max_budget");
        double spend = spendOf(row);
        if (maxBudget != null && spend >= maxBudget) {
            throw errorA(429, "budget_exceeded", null, "Budget has been exceeded! " + who + " Current cost: " + spend
                    + ", Max budget: " + maxBudget);
        }
    }

    /** Books spend on the key, its user and its team (where they exist) and appends a spend log row. */
    private String recordSpend(Map<String, Object> key, String apiKey, String modelName, double usd,
            int promptTokens, int completionTokens, Instant now) {
        Optional<Deployment> deployment = deployment(modelName);
        String userId = key == null ? null : (String) key.get("user_id");
        String teamId = key == null ? null : (String) key.get("team_id");
        for (Map<String, Object> row : Arrays.asList(key, users.get(userId), teams.get(teamId))) {
            if (row != null) {
                row.put("spend", spendOf(row) + usd);
            }
        }
        String requestId = "chatcmpl-" + UUID.randomUUID();
        String loggedModel = deployment.map(Deployment::loggedModel).orElse(modelName);
        String provider = deployment.map(Deployment::provider).orElse("");
        String date = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        dailySpend.computeIfAbsent(date, d -> new LinkedHashMap<>())
                .computeIfAbsent(Arrays.asList(Objects.requireNonNullElse(userId, ""), apiKey, loggedModel, modelName,
                        provider), id -> new DailyRow(date, id, key == null ? null : (String) key.get("key_alias"),
                        teamId))
                .add(usd, promptTokens, completionTokens);
        spendLogs.add(ordered("request_id", requestId, "call_type", "acompletion", "api_key", apiKey, "spend", usd,
                "total_tokens", promptTokens + completionTokens, "prompt_tokens", promptTokens,
                "completion_tokens", completionTokens, "startTime", now, "endTime", now, "completionStartTime", now,
                "model", deployment.map(Deployment::loggedModel).orElse(modelName),
                "model_id", deployment.map(Deployment::id).orElse(""), "model_group", modelName,
                "custom_llm_provider", deployment.map(Deployment::provider).orElse(""), "api_base", "",
                "user", Objects.requireNonNullElse(userId, ""),
                "metadata", ordered("user_api_key", apiKey,
                        "user_api_key_alias", key == null ? null : key.get("key_alias"),
                        "user_api_key_team_id", teamId, "user_api_key_user_id", userId),
                "cache_hit", "False", "cache_key", "Cache OFF", "request_tags", new ArrayList<>(), "team_id", teamId,
                "organization_id", key == null ? null : key.get("organization_id"), "end_user", "",
                "requester_ip_address", "", "messages", new LinkedHashMap<>(), "response", new LinkedHashMap<>(),
                "session_id", null, "status", "success"));
        return requestId;
    }

    // ---------------------------------------------------------------- /spend/logs, health

    private Object viewSpendLogs(Call call) {
        String apiKey = call.query("api_key") == null ? null : tokenOf(call.query("api_key"));
        String requestId = call.query("request_id");
        String userId = call.query("user_id");
        Predicate<Map<String, Object>> filter = apiKey != null ? log -> apiKey.equals(log.get("api_key"))
                : requestId != null ? log -> requestId.equals(log.get("request_id"))
                : userId != null ? log -> userId.equals(log.get("user"))
                : log -> true;
        String start = call.query("start_date");
        String end = call.query("end_date");
        if (start == null || end == null) {
            return render(spendLogs.stream().filter(filter).map(log -> (Object) log).toList(), TimeStyle.OFFSET);
        }
        LocalDate startDate;
        LocalDate endDate;
        try {
            startDate = LocalDate.parse(start);
            endDate = LocalDate.parse(end);
        } catch (DateTimeParseException e) {
            throw errorA(500, "internal_error", "None", "/spend/logs Error(" + e.getMessage() + ")");
        }
        Instant from = startDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = endDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Map<String, Object>> rows = spendLogs.stream().filter(filter).filter(log -> {
            Instant at = (Instant) log.get("startTime");
            return !at.isBefore(from) && !at.isAfter(to);
        }).toList();
        if (!call.boolQuery("summarize", true)) {
            List<Object> newestFirst = rows.stream()
                    .sorted(Comparator.comparing((Map<String, Object> log) -> (Instant) log.get("startTime"))
                            .reversed())
                    .map(log -> (Object) log).toList();
            return render(newestFirst, TimeStyle.OFFSET);
        }
        return summarizeByDay(rows, endDate);
    }

    /** Per-day aggregates as LiteLLM's summarize=true, days after the last one with data filled with zeros. */
    private static List<Object> summarizeByDay(List<Map<String, Object>> rows, LocalDate endDate) {
        TreeMap<LocalDate, Map<String, Object>> days = new TreeMap<>();
        for (Map<String, Object> log : rows) {
            LocalDate day = LocalDate.ofInstant((Instant) log.get("startTime"), ZoneOffset.UTC);
            Map<String, Object> summary = days.computeIfAbsent(day, d -> ordered("startTime", d.toString(),
                    "spend", 0.0, "users", new LinkedHashMap<>(), "models", new LinkedHashMap<>()));
            double spend = (Double) log.get("spend");
            summary.merge("spend", spend, LiteLlmStandIn::sum);
            summary.merge((String) log.get("api_key"), spend, LiteLlmStandIn::sum);
            objects(summary.get("users")).merge((String) log.get("user"), spend, LiteLlmStandIn::sum);
            objects(summary.get("models")).merge((String) log.get("model"), spend, LiteLlmStandIn::sum);
        }
        List<Object> result = new ArrayList<>(days.values());
        if (!days.isEmpty()) {
            for (LocalDate day = days.lastKey().plusDays(1); !day.isAfter(endDate); day = day.plusDays(1)) {
                result.add(ordered("startTime", day.toString(), "spend", 0.0, "users", Map.of(), "models", Map.of()));
            }
        }
        return result;
    }

    /**
     * {@code /user/daily/activity}: LiteLLM's daily spend table (one row per user, day, key, model, model group and
     * provider), a page of rows at a time, newest day first, each page's rows grouped by day. The breakdown entries
     * are LiteLLM's {@code {"metrics", "metadata", "api_key_breakdown"}}. Dates compare as text and both ends are
     * inclusive; a caller that is not an admin sees only their own user's rows.
     */
    private Object dailyActivity(Call call) {
        String start = call.query("start_date");
        String end = call.query("end_date");
        if (start == null || end == null) {
            throw httpError(400, "Please provide start_date and end_date");
        }
        int page = call.intQuery("page", 1, 1, Integer.MAX_VALUE);
        int pageSize = call.intQuery("page_size", 50, 1, 1000);
        String model = call.query("model");
        String apiKey = call.query("api_key") == null ? null : tokenOf(call.query("api_key"));
        String userId = call.caller().isAdmin() ? call.query("user_id") : call.caller().userId();
        // ordered by date only (get_daily_activity), so rows of one day tie and come back in any order, a different
        // one for each query, as Postgres's sort under skip/take does: a day over several pages repeats or misses rows
        long query = ++dailyActivityQueries;
        List<DailyRow> rows = (start.compareTo(end) > 0 ? new TreeMap<String, Map<List<String>, DailyRow>>()
                : dailySpend.subMap(start, true, end, true)).descendingMap().values().stream()
                .flatMap(day -> day.values().stream().sorted(Comparator.comparingInt(row -> Objects.hash(row.id,
                        query))))
                .filter(row -> (model == null || model.equals(row.model())) && (apiKey == null
                        || apiKey.equals(row.apiKey())) && (userId == null || userId.equals(row.userId())))
                .toList();
        int totalPages = (rows.size() + pageSize - 1) / pageSize;
        List<DailyRow> pageRows = rows.stream().skip((long) (page - 1) * pageSize).limit(pageSize).toList();
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        Map<String, Object> totals = emptyMetrics();
        for (DailyRow row : pageRows) {
            Map<String, Object> day = results.computeIfAbsent(row.date(), date -> ordered("date", date,
                    "metrics", emptyMetrics(), "breakdown", ordered("models", new LinkedHashMap<>(),
                            "model_groups", new LinkedHashMap<>(), "mcp_servers", new LinkedHashMap<>(),
                            "providers", new LinkedHashMap<>(), "api_keys", new LinkedHashMap<>(),
                            "entities", new LinkedHashMap<>())));
            row.addTo(objects(day.get("metrics")));
            row.addTo(totals);
            Map<String, Object> breakdown = objects(day.get("breakdown"));
            row.addToEntry(breakdownEntry(breakdown, "models", row.model()));
            if (row.modelGroup() != null) { // update_breakdown_metrics: `if record.model_group:`
                row.addToEntry(breakdownEntry(breakdown, "model_groups", row.modelGroup()));
            }
            row.addToEntry(breakdownEntry(breakdown, "providers", row.provider()));
            row.addToEntry(breakdownEntry(breakdown, "entities", row.userId()));
            Map<String, Object> keyEntry = objects(objects(breakdown.get("api_keys")).computeIfAbsent(row.apiKey(),
                    k -> ordered("metrics", emptyMetrics(), "metadata", row.keyMetadata())));
            row.addTo(objects(keyEntry.get("metrics")));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        totals.forEach((name, value) -> metadata.put("total_" + name, value));
        metadata.putAll(ordered("page", page, "total_pages", totalPages, "has_more", page < totalPages));
        return ordered("results", new ArrayList<>(results.values()), "metadata", metadata);
    }

    private static Map<String, Object> breakdownEntry(Map<String, Object> breakdown, String group, String name) {
        return objects(objects(breakdown.get(group)).computeIfAbsent(name, n -> ordered("metrics", emptyMetrics(),
                "metadata", new LinkedHashMap<>(), "api_key_breakdown", new LinkedHashMap<>())));
    }

    private static Map<String, Object> emptyMetrics() {
        return ordered("spend", 0.0, "prompt_tokens", 0L, "completion_tokens", 0L, "cache_read_input_tokens", 0L,
                "cache_creation_input_tokens", 0L, "total_tokens", 0L, "successful_requests", 0L,
                "failed_requests", 0L, "api_requests", 0L);
    }

    /** A row of LiteLLM's daily spend table; {@code id} is (user, key, model, model group, provider). */
    private static final class DailyRow {
        private final String date;
        private final List<String> id;
        private final String keyAlias;
        private final String teamId;
        private double spend;
        private long promptTokens;
        private long completionTokens;
        private long requests;

        DailyRow(String date, List<String> id, String keyAlias, String teamId) {
            this.date = date;
            this.id = id;
            this.keyAlias = keyAlias;
            this.teamId = teamId;
        }

        void add(double usd, int prompt, int completion) {
            spend += usd;
            promptTokens += prompt;
            completionTokens += completion;
            requests++;
        }

        String userId() {
            return id.get(0);
        }

        String apiKey() {
            return id.get(1);
        }

        String model() {
            return id.get(2);
        }

        String modelGroup() {
            return id.get(3);
        }

        String provider() {
            return id.get(4);
        }

        String date() {
            return date;
        }

        Map<String, Object> keyMetadata() {
            return ordered("key_alias", keyAlias, "team_id", teamId);
        }

        /** Adds this row to a breakdown entry and to that entry's {@code api_key_breakdown} for its key. */
        void addToEntry(Map<String, Object> entry) {
            addTo(objects(entry.get("metrics")));
            addTo(objects(objects(objects(entry.get("api_key_breakdown")).computeIfAbsent(apiKey(),
                    k -> ordered("metrics", emptyMetrics(), "metadata", keyMetadata()))).get("metrics")));
        }

        void addTo(Map<String, Object> metrics) {
            metrics.merge("spend", spend, LiteLlmStandIn::sum);
            metrics.merge("prompt_tokens", promptTokens, (a, b) -> (Long) a + (Long) b);
            metrics.merge("completion_tokens", completionTokens, (a, b) -> (Long) a + (Long) b);
            metrics.merge("total_tokens", promptTokens + completionTokens, (a, b) -> (Long) a + (Long) b);
            metrics.merge("successful_requests", requests, (a, b) -> (Long) a + (Long) b);
            metrics.merge("api_requests", requests, (a, b) -> (Long) a + (Long) b);
        }
    }

    private static Object sum(Object a, Object b) {
        return (Double) a + (Double) b;
    }

    private Object readiness(Call call) {
        return render(ordered("status", "healthy", "db", "connected", "cache", null,
                "litellm_version", LITELLM_VERSION, "success_callbacks", List.of(), "use_aiohttp_transport", true,
                "last_updated", now()), TimeStyle.OFFSET);
    }

    // ---------------------------------------------------------------- state helpers

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Map<String, Object> teamOf(Map<String, Object> key) {
        return teams.get((String) key.get("team_id"));
    }

    private Map<String, Object> keyWithAlias(String alias) {
        return alias == null ? null
                : keys.values().stream().filter(k -> alias.equals(k.get("key_alias"))).findFirst().orElse(null);
    }

    private void requireUniqueAlias(String alias, String exceptToken) {
        Map<String, Object> holder = keyWithAlias(alias);
        if (holder != null && !holder.get("token").equals(exceptToken)) {
            throw errorA(400, "bad_request_error", "key_alias", "Key with alias '" + alias
                    + "' already exists. Unique key aliases across all keys are required.");
        }
    }

    private String newPlaintextKey() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String keyName(String plaintext) {
        return "sk-..." + plaintext.substring(Math.max(0, plaintext.length() - 4));
    }

    /** A value starting with {@code sk-} is a plaintext key and is hashed; anything else is taken as the hash. */
    private static String tokenOf(String keyOrHash) {
        return keyOrHash.startsWith("sk-") ? sha256Hex(keyOrHash) : keyOrHash;
    }

    /** The budget row LiteLLM links to a key given a {@code soft_budget} (an alert threshold only), or null. */
    private static Map<String, Object> budgetTable(Double softBudget, Instant now) {
        if (softBudget == null) {
            return null;
        }
        return ordered("budget_id", UUID.randomUUID().toString(), "soft_budget", softBudget, "max_budget", null,
                "max_parallel_requests", null, "tpm_limit", null, "rpm_limit", null, "model_max_budget", null,
                "budget_duration", null, "budget_reset_at", null, "created_at", now, "updated_at", now);
    }

    private static void requireNonNegative(Map<String, Object> fields, String field) {
        Double value = (Double) fields.get(field);
        if (value != null && value < 0) {
            throw httpError(400, field + " cannot be negative. Received: " + value);
        }
    }

    /** Expiry of a key for {@code duration} (docs/litellm-contract.md, durations); garbage is a 500, as on LiteLLM. */
    private static Instant expiry(String duration, Instant now) {
        try {
            return Durations.expiry(duration, now);
        } catch (IllegalArgumentException e) {
            throw errorA(500, "internal_server_error", "None", e.getMessage());
        }
    }

    /**
     * Next budget reset for {@code budgetDuration}, null for null ({@code get_budget_reset_time}). Values the
     * parser does not know, words such as {@code monthly} among them, are kept and reset at the next midnight;
     * {@code Nmo} with N other than 1 fails with a 500 ({@code _handle_month_reset} raises).
     */
    private static Instant budgetResetAt(String budgetDuration, Instant now) {
        if (budgetDuration == null) {
            return null;
        }
        try {
            return Durations.nextReset(budgetDuration, now);
        } catch (IllegalArgumentException e) {
            throw errorA(500, "internal_server_error", "None", e.getMessage());
        }
    }

    private static double spendOf(Map<String, Object> row) {
        Object spend = row.get("spend");
        return spend == null ? 0.0 : (Double) spend;
    }

    private static StandInKey toStandInKey(Map<String, Object> row) {
        return new StandInKey((String) row.get("token"), (String) row.get("key_name"), (String) row.get("key_alias"),
                (String) row.get("user_id"), (String) row.get("team_id"), List.copyOf(strings(row.get("models"))),
                (Double) row.get("max_budget"), (String) row.get("budget_duration"),
                (Instant) row.get("budget_reset_at"), (Instant) row.get("expires"), (Integer) row.get("rpm_limit"),
                (Integer) row.get("tpm_limit"), (Integer) row.get("max_parallel_requests"),
                snapshot(objects(row.get("metadata"))), Boolean.TRUE.equals(row.get("blocked")), spendOf(row),
                (Instant) row.get("created_at"), List.copyOf(strings(row.get("allowed_routes"))));
    }

    // ---------------------------------------------------------------- JSON and formatting helpers

    private enum TimeStyle { ZULU, OFFSET }

    /** Deep copy for a response: Instants become ISO strings in the given style. */
    private static Object render(Object value, TimeStyle style) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), render(v, style)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> render(v, style)).toList();
        }
        return value instanceof Instant instant ? timestamp(instant, style) : value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(Map<String, Object> map, TimeStyle style) {
        return (Map<String, Object>) render((Object) map, style);
    }

    /** Read-only deep copy for the inspection API (Instants kept). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> snapshot(Map<String, Object> map) {
        return (Map<String, Object>) snapshotOf(map);
    }

    private static Object snapshotOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), snapshotOf(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LiteLlmStandIn::snapshotOf).toList();
        }
        return value;
    }

    /** Python's isoformat: microseconds unless zero, then {@code Z} (response models) or {@code +00:00} (dicts). */
    private static String timestamp(Instant instant, TimeStyle style) {
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        int micros = time.getNano() / 1000;
        return time.format(SECONDS_FORMAT) + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros))
                + (style == TimeStyle.ZULU ? "Z" : "+00:00");
    }

    /** A LinkedHashMap from alternating keys and values (null values allowed). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, FieldType> fieldTypes(Object... namesAndTypes) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            types.put((String) namesAndTypes[i], (FieldType) namesAndTypes[i + 1]);
        }
        return Collections.unmodifiableMap(types);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? new ArrayList<>() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objects(Object value) {
        return value == null ? new LinkedHashMap<>() : (Map<String, Object>) value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable<Object> comparable(Object value) {
        return (Comparable) value;
    }

    /** Python's repr of a one-entry dict of strings, as LiteLLM puts into converted HTTPException messages. */
    private static String pyDict(String key, String value) {
        return "{" + pyStr(key) + ": " + pyStr(value) + "}";
    }

    private static String pyList(List<String> values) {
        return values.stream().map(LiteLlmStandIn::pyStr).reduce((a, b) -> a + ", " + b)
                .map(s -> "[" + s + "]").orElse("[]");
    }

    private static String pyStr(String value) {
        return value.contains("'") && !value.contains("\"")
                ? "\"" + value + "\""
                : "'" + value.replace("'", "\\'") + "'";
    }

    private static String maskSecret(String value) {
        return value.length() <= 8 ? "****" : value.substring(0, 4) + "****" + value.substring(value.length() - 4);
    }

    private static String maskUserId(String userId) {
        int shown = (userId.length() + 2) / 3;
        int tail = Math.min(2, userId.length() - shown);
        return userId.substring(0, shown) + "*".repeat(userId.length() - shown - tail)
                + userId.substring(userId.length() - tail);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        }
        return params;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "litellm-stand-in-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---------------------------------------------------------------- errors

    /** An error answer; thrown by handlers, turned into a response by {@link #process}. */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Object body;

        ApiError(int status, Object body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }

        Response response() {
            return new Response(status, body);
        }
    }

    /** Shape A: {@code {"error": {"message", "type", "param", "code"}}}, code being the status as a string. */
    private static ApiError errorA(int status, String type, String param, String message) {
        return new ApiError(status, ordered("error", ordered("message", message, "type", type, "param", param,
                "code", String.valueOf(status))));
    }

    /** Shape B: a raw FastAPI error {@code {"detail": ...}}. */
    private static ApiError errorB(int status, Object detail) {
        return new ApiError(status, ordered("detail", detail));
    }

    /** Shape C: a 422 request-validation error with one entry. */
    private static ApiError invalid(String type, List<Object> loc, String msg, Object input) {
        return invalid(type, loc, msg, input, null);
    }

    private static ApiError invalid(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {
        Map<String, Object> entry = ordered("type", type, "loc", loc, "msg", msg, "input", input);
        if (ctx != null) {
            entry.put("ctx", ctx);
        }
        return new ApiError(422, ordered("detail", List.of(entry)));
    }

    /** An HTTPException({"error": text}) converted by LiteLLM's generic handler. */
    private static ApiError httpError(int status, String text) {
        return errorA(status, "internal_server_error", "None", pyDict("error", text));
    }

    private static ApiError authError(String message) {
        return errorA(401, "auth_error", "None", message);
    }

    private static ApiError invalidToken() {
        return errorA(401, "token_not_found_in_db", "key", "Authentication Error, Invalid proxy server token passed. "
                + "Unable to find token in cache or `LiteLLM_VerificationTokenTable`");
    }

    private static ApiError enterpriseOnly(String what) {
        return errorA(500, "internal_server_error", "None", what + "You must be a LiteLLM Enterprise user to use this "
                + "feature. If you have a license please set `LITELLM_LICENSE` in your env.");
    }

    // ---------------------------------------------------------------- request model

    private record Request(String method, String path, Map<String, String> query, String body, Headers headers) {
    }

    private record Response(int status, Object body) {
    }

    /**
     * Where a route sits in LiteLLM's route lists ({@code LiteLLMRoutes} in {@code _types.py}), which decides who
     * may call it: no key needed; model calls ({@code llm_api_routes}); info routes and routes that check their
     * callers themselves (any role, the handler scopes); key management ({@code internal_user} and proxy admins);
     * the rest of management (proxy admins only).
     */
    private enum Access { PUBLIC, LLM_API, INFO, SELF_MANAGED, KEY_MANAGEMENT, ADMIN }

    @FunctionalInterface
    private interface Handler {
        Object handle(Call call);
    }

    private record Route(String method, Access access, Handler handler) {
    }

    /**
     * The authenticated caller: the master key ({@code key == null}) or a virtual key row, with its user's role
     * ({@code null} for a key without a user). A proxy admin's key is an admin.
     */
    private record Caller(Map<String, Object> key, String role) {
        Caller(Map<String, Object> key) {
            this(key, null);
        }

        boolean isAdmin() {
            return key == null || "proxy_admin".equals(role);
        }

        boolean isMasterKey() {
            return key == null;
        }

        String userId() {
            return key == null ? ADMIN_USER_ID : (String) key.get("user_id");
        }

        List<String> allowedRoutes() {
            return key == null ? List.of() : strings(key.get("allowed_routes"));
        }
    }

    private record Deployment(String id, String modelName, String providerModel, List<String> accessGroups,
            double inputCostPerToken, double outputCostPerToken) {
        String provider() {
            int slash = providerModel.indexOf('/');
            return slash < 0 ? "openai" : providerModel.substring(0, slash);
        }

        /** The model as LiteLLM logs it: the provider model without the provider prefix. */
        String loggedModel() {
            return providerModel.substring(providerModel.indexOf('/') + 1);
        }
    }

    /** One routed request with its caller; query and body readers raise LiteLLM's (FastAPI's) 422s. */
    private record Call(Request request, Caller caller) {
        String query(String name) {
            return request.query().get(name);
        }

        int intQuery(String name, int defaultValue, int min, int max) {
            String raw = query(name);
            if (raw == null) {
                return defaultValue;
            }
            List<Object> loc = List.of("query", name);
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw invalid("int_parsing", loc,
                        "Input should be a valid integer, unable to parse string as an integer", raw);
            }
            if (value < min) {
                throw invalid("greater_than_equal", loc, "Input should be greater than or equal to " + min, raw,
                        ordered("ge", min));
            }
            if (value > max) {
                throw invalid("less_than_equal", loc, "Input should be less than or equal to " + max, raw,
                        ordered("le", max));
            }
            return value;
        }

        boolean boolQuery(String name, boolean defaultValue) {
            String raw = query(name);
            return raw == null ? defaultValue : FieldType.parseBool(raw, List.of("query", name));
        }

        /** The JSON object body; an empty body is a 422 (FastAPI: body required). */
        Body body() {
            return Body.parse(request.body(), true);
        }

        /** The JSON object body, {@code {}} when empty. */
        Body optionalBody() {
            return Body.parse(request.body(), false);
        }
    }

    /** Request field types with pydantic's lax parsing ("10" is a number, 10.5 is not an int, "" is no budget). */
    private enum FieldType {
        STRING, FLOAT, INT, BOOL, STRINGS, OBJECT;

        private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
        private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

        Object convert(JsonNode value, List<Object> loc) {
            return switch (this) {
                case STRING -> {
                    if (!value.isString()) {
                        throw invalid("string_type", loc, "Input should be a valid string", value);
                    }
                    yield value.stringValue();
                }
                case FLOAT -> toFloat(value, loc);
                case INT -> toInt(value, loc);
                case BOOL -> value.isBoolean() ? value.booleanValue()
                        : value.isString() ? parseBool(value.stringValue(), loc)
                        : failBool(value, loc);
                case STRINGS -> toStrings(value, loc);
                case OBJECT -> {
                    if (!value.isObject()) {
                        throw invalid("dict_type", loc, "Input should be a valid dictionary", value);
                    }
                    yield objects(JSON.treeToValue(value, LinkedHashMap.class));
                }
            };
        }

        /** The stored value of an absent or null field: empty containers for lists and objects. */
        Object emptyValue() {
            return switch (this) {
                case STRINGS -> new ArrayList<String>();
                case OBJECT -> new LinkedHashMap<String, Object>();
                default -> null;
            };
        }

        private static Double toFloat(JsonNode value, List<Object> loc) {
            if (value.isNumber()) {
                return value.doubleValue();
            }
            if (value.isString()) {
                String text = value.stringValue().trim();
                if (text.isEmpty()) {
                    return null;
                }
                if (DECIMAL.matcher(text).matches()) {
                    return Double.parseDouble(text);
                }
                throw invalid("float_parsing", loc,
                        "Input should be a valid number, unable to parse string as a number", value);
            }
            throw invalid("float_type", loc, "Input should be a valid number", value);
        }

        private static Integer toInt(JsonNode value, List<Object> loc) {
            if (value.isIntegralNumber()) {
                return value.intValue();
            }
            if (value.isNumber()) {
                if (value.doubleValue() % 1 != 0) {
                    throw invalid("int_from_float", loc,
                            "Input should be a valid integer, got a number with a fractional part", value);
                }
                return (int) value.doubleValue();
            }
            if (value.isString() && INTEGER.matcher(value.stringValue().trim()).matches()) {
                return Integer.parseInt(value.stringValue().trim());
            }
            throw invalid(value.isString() ? "int_parsing" : "int_type", loc,
                    value.isString() ? "Input should be a valid integer, unable to parse string as an integer"
                            : "Input should be a valid integer", value);
        }

        private static List<String> toStrings(JsonNode value, List<Object> loc) {
            if (!value.isArray()) {
                throw invalid("list_type", loc, "Input should be a valid list", value);
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                list.add((String) STRING.convert(value.get(i), append(loc, i)));
            }
            return list;
        }

        static boolean parseBool(String text, List<Object> loc) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on", "t", "y" -> true;
                case "false", "0", "no", "off", "f", "n" -> false;
                default -> throw invalid("bool_parsing", loc,
                        "Input should be a valid boolean, unable to interpret input", text);
            };
        }

        private static Boolean failBool(JsonNode value, List<Object> loc) {
            throw invalid("bool_type", loc, "Input should be a valid boolean", value);
        }
    }

    private static List<Object> append(List<Object> loc, Object element) {
        List<Object> longer = new ArrayList<>(loc);
        longer.add(element);
        return List.copyOf(longer);
    }

    /** A JSON object in a request body (or nested in one), with typed, validating field readers. */
    private static final class Body {
        private final JsonNode json;
        private final List<Object> loc;

        private Body(JsonNode json, List<Object> loc) {
            this.json = json;
            this.loc = loc;
        }

        static Body parse(String raw, boolean required) {
            if (raw.isBlank()) {
                if (required) {
                    throw invalid("missing", List.of("body"), "Field required", null);
                }
                return of(Map.of());
            }
            JsonNode json;
            try {
                json = JSON.readTree(raw);
            } catch (JacksonException e) {
                throw invalid("json_invalid", List.of("body", 0), "JSON decode error", Map.of(),
                        ordered("error", "Expecting value"));
            }
            if (!json.isObject()) {
                throw invalid("model_attributes_type", List.of("body"),
                        "Input should be a valid dictionary or object to extract fields from", json);
            }
            return new Body(json, List.of("body"));
        }

        static Body of(Map<String, Object> values) {
            return new Body(JSON.valueToTree(values), List.of("body"));
        }

        JsonNode json() {
            return json;
        }

        /** The same body with one text field set. */
        Body with(String field, String value) {
            tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) json.deepCopy();
            copy.put(field, value);
            return new Body(copy, loc);
        }

        List<Object> at(String field) {
            return append(loc, field);
        }

        boolean has(String field) {
            return json.has(field);
        }

        Set<String> presentFields() {
            Set<String> names = new LinkedHashSet<>();
            json.propertyNames().forEach(names::add);
            return names;
        }

        Object read(String field, FieldType type) {
            JsonNode value = json.get(field);
            return value == null || value.isNull() ? null : type.convert(value, at(field));
        }

        /** Reads every listed field; with {@code emptyContainers}, absent lists/objects become [] / {}. */
        Map<String, Object> readAll(Map<String, FieldType> fields, boolean emptyContainers) {
            Map<String, Object> values = new LinkedHashMap<>();
            fields.forEach((name, type) -> {
                Object value = read(name, type);
                values.put(name, value == null && (emptyContainers || has(name)) ? type.emptyValue() : value);
            });
            return values;
        }

        String string(String field) {
            return (String) read(field, FieldType.STRING);
        }

        Boolean bool(String field) {
            return (Boolean) read(field, FieldType.BOOL);
        }

        @SuppressWarnings("unchecked")
        List<String> strings(String field) {
            return (List<String>) read(field, FieldType.STRINGS);
        }

        String requiredString(String field) {
            String value = string(field);
            if (value == null) {
                throw invalid("missing", at(field), "Field required", null);
            }
            return value;
        }

        /** Team ids from a list of ids or of {@code {"team_id": ...}} objects. */
        List<String> teamIds(String field) {
            JsonNode value = json.get(field);
            List<String> ids = new ArrayList<>();
            if (value == null || value.isNull()) {
                return ids;
            }
            if (!value.isArray()) {
                throw invalid("list_type", at(field), "Input should be a valid list", value);
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                ids.add(item.isObject() ? new Body(item, append(at(field), i)).requiredString("team_id")
                        : (String) FieldType.STRING.convert(item, append(at(field), i)));
            }
            return ids;
        }

        /** Team members from one {@code {"user_id", "user_email", "role"}} object or a list of them. */
        List<Map<String, Object>> members(String field) {
            JsonNode value = json.get(field);
            List<Map<String, Object>> members = new ArrayList<>();
            if (value == null || value.isNull()) {
                return members;
            }
            if (value.isObject()) {
                members.add(member(value, at(field)));
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    members.add(member(value.get(i), append(at(field), i)));
                }
            } else {
                throw invalid("model_type", at(field), "Input should be a valid dictionary or instance of Member",
                        value);
            }
            return members;
        }

        private static Map<String, Object> member(JsonNode node, List<Object> loc) {
            if (!node.isObject()) {
                throw invalid("model_type", loc, "Input should be a valid dictionary or instance of Member", node);
            }
            Body member = new Body(node, loc);
            String userId = member.string("user_id");
            String email = member.string("user_email");
            String role = Objects.requireNonNullElse(member.string("role"), "user");
            if (!role.equals("admin") && !role.equals("user")) {
                throw invalid("literal_error", member.at("role"), "Input should be 'admin' or 'user'", role);
            }
            if (userId == null && email == null) {
                throw invalid("value_error", loc, "Value error, Either user_id or user_email must be provided", node);
            }
            return ordered("user_id", userId, "user_email", email, "role", role);
        }
    }

    // ---------------------------------------------------------------- durations

    /** LiteLLM's duration strings and calendar-aligned budget resets in UTC (docs/litellm-contract.md). */
    private static final class Durations {
        private static final Pattern FORMAT = Pattern.compile("(\\d+)(mo|[smhdw]?)");
        /** {@code _parse_duration} in {@code get_next_standardized_reset_time}: digits, then letters. */
        private static final Pattern RESET_FORMAT = Pattern.compile("(\\d+)([a-z]+)");

        private record Parsed(long value, String unit) {
        }

        /** {@code now} plus the duration: exact seconds, calendar months for {@code mo}. */
        static Instant expiry(String duration, Instant now) {
            Parsed parsed = parse(duration);
            long n = parsed.value();
            return switch (parsed.unit()) {
                case "s" -> now.plusSeconds(n);
                case "m" -> now.plusSeconds(n * 60);
                case "h" -> now.plusSeconds(n * 3600);
                case "d" -> now.plusSeconds(n * 86400);
                case "w" -> now.plusSeconds(n * 604800);
                case "mo" -> now.atZone(ZoneOffset.UTC).plusMonths(n).toInstant();
                default -> throw unsupportedUnit(duration);
            };
        }

        /**
         * The next reset: {@code 1d} next midnight, {@code 7d}/{@code 1w} next Monday, {@code 30d}/{@code 1mo} the
         * 1st of next month, other {@code Nd} today's midnight + N days, {@code Nh}/{@code Nm}/{@code Ns} the next
         * multiple of N on the clock. Zero and {@code Nmo} with N &gt; 1 are rejected.
         */
        static Instant nextReset(String duration, Instant now) {
            ZonedDateTime time = now.atZone(ZoneOffset.UTC);
            ZonedDateTime midnight = time.truncatedTo(ChronoUnit.DAYS);
            Matcher matcher = RESET_FORMAT.matcher(duration);
            if (!matcher.lookingAt()) {
                return midnight.plusDays(1).toInstant(); // "monthly", "30", …: the next midnight
            }
            long n;
            try {
                n = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid duration format");
            }
            Parsed parsed = new Parsed(n, matcher.group(2));
            if (n == 0) {
                return now;
            }
            if (parsed.unit().equals("mo") && n != 1) {
                throw new IllegalArgumentException("Monthly resets currently only support 1 month intervals");
            }
            ZonedDateTime next = switch (parsed.unit()) {
                case "s" -> time.truncatedTo(ChronoUnit.MINUTES).plusSeconds(nextMultiple(time.getSecond(), n));
                case "m" -> time.truncatedTo(ChronoUnit.HOURS).plusMinutes(nextMultiple(time.getMinute(), n));
                case "h" -> midnight.plusHours(nextMultiple(time.getHour(), n));
                case "d" -> dayReset(midnight, n);
                case "w" -> dayReset(midnight, 7 * n);
                case "mo" -> midnight.with(TemporalAdjusters.firstDayOfNextMonth());
                default -> midnight.plusDays(1); // an unknown unit: the next midnight
            };
            return next.toInstant();
        }

        private static ZonedDateTime dayReset(ZonedDateTime midnight, long days) {
            if (days == 1) {
                return midnight.plusDays(1);
            }
            if (days == 7) {
                return midnight.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            }
            if (days == 30) {
                return midnight.with(TemporalAdjusters.firstDayOfNextMonth());
            }
            return midnight.plusDays(days);
        }

        private static IllegalArgumentException unsupportedUnit(String duration) {
            return new IllegalArgumentException("Unsupported duration unit, passed duration: " + duration);
        }

        private static long nextMultiple(int current, long n) {
            return (current / n + 1) * n;
        }

        private static Parsed parse(String duration) {
            Matcher matcher = FORMAT.matcher(duration);
            if (!matcher.lookingAt()) {
                throw new IllegalArgumentException("Invalid duration format");
            }
            try {
                return new Parsed(Long.parseLong(matcher.group(1)), matcher.group(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid duration format");
            }
        }
    }
}
