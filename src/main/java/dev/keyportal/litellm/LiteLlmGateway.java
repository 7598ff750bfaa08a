package dev.keyportal.litellm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.keyportal.litellm.LiteLlmException.Kind;
import dev.keyportal.litellm.internal.LiteLlmAdminApi;
import dev.keyportal.litellm.internal.LiteLlmErrors;
import dev.keyportal.litellm.internal.WireRecords.BreakdownEntry;
import dev.keyportal.litellm.internal.WireRecords.DailyActivityPage;
import dev.keyportal.litellm.internal.WireRecords.DailyActivityResponse;
import dev.keyportal.litellm.internal.WireRecords.DailyBreakdown;
import dev.keyportal.litellm.internal.WireRecords.DeleteKeysRequest;
import dev.keyportal.litellm.internal.WireRecords.KeyBreakdownEntry;
import dev.keyportal.litellm.internal.WireRecords.GenerateKeyRequest;
import dev.keyportal.litellm.internal.WireRecords.GenerateKeyResponse;
import dev.keyportal.litellm.internal.WireRecords.KeyListResponse;
import dev.keyportal.litellm.internal.WireRecords.KeyRef;
import dev.keyportal.litellm.internal.WireRecords.KeyRow;
import dev.keyportal.litellm.internal.WireRecords.Member;
import dev.keyportal.litellm.internal.WireRecords.MemberAddRequest;
import dev.keyportal.litellm.internal.WireRecords.ModelEntry;
import dev.keyportal.litellm.internal.WireRecords.NewUserRequest;
import dev.keyportal.litellm.internal.WireRecords.TeamInfoResponse;
import dev.keyportal.litellm.internal.WireRecords.TeamNewRequest;
import dev.keyportal.litellm.internal.WireRecords.UpdateKeyRequest;
import dev.keyportal.litellm.internal.WireRecords.UpdateUserRequest;
import dev.keyportal.litellm.internal.WireRecords.UserInfoResponse;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Service;

/**
 * The portal's side of the LiteLLM admin API, in the portal's terms. Every call is bounded (timeouts, a cap on
 * concurrent calls); reads are retried with backoff, writes never are — a failed {@code /key/generate} may
 * have created the key, and only the issuing protocol may decide what happens next.
 */
@Service
public class LiteLlmGateway {

    private static final int PAGE_SIZE = 100;
    private static final int DAILY_PAGE_SIZE = 1000;
    private static final int MAX_DAILY_PAGES = 100_000;
    private static final int MAX_PAGES = 100;
    private static final int MAX_PAGES_OF_ALL_KEYS = 10_000;
    private static final Duration MODEL_CACHE_TTL = Duration.ofSeconds(30);
    private static final java.math.BigDecimal MICRO_DOLLAR = new java.math.BigDecimal("0.000001");

    /**
     * The LiteLLM role of every user the portal creates: its keys may call models but no key-management route
     * (docs/litellm-contract.md, "Roles and route limits").
     */
    public static final String USER_ROLE = "internal_user_viewer";
    /** The role the portal gave its users before; its keys may create, change and unblock keys. */
    public static final String SELF_SERVE_ROLE = "internal_user";
    /** What {@code key_type: llm_api} sets as a key's {@code allowed_routes}: model calls only. */
    public static final List<String> MODEL_ROUTES = List.of("llm_api_routes");
    private static final String MODEL_KEY_TYPE = "llm_api";

    private final LiteLlmAdminApi api;
    private final LiteLlmErrors errors;
    private final Semaphore permits;
    private final RetryTemplate readRetry;
    private final Clock clock;
    private volatile CachedCatalog cachedCatalog;

    LiteLlmGateway(LiteLlmAdminApi api, LiteLlmErrors errors, LiteLlmProperties properties, Clock clock) {
        this.api = api;
        this.errors = errors;
        this.permits = new Semaphore(properties.maxConcurrentCalls(), true);
        this.clock = clock;
        this.readRetry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(2)
                .delay(Duration.ofMillis(100))
                .multiplier(3)
                .predicate(failure -> failure instanceof LiteLlmException e && e.transientFailure())
                .build());
    }

    /** The models and access groups the proxy offers (cached for a few seconds). */
    public ModelCatalog models() {
        CachedCatalog cached = cachedCatalog;
        Instant now = clock.instant();
        if (cached != null && cached.fetchedAt.plus(MODEL_CACHE_TTL).isAfter(now)) {
            return cached.catalog;
        }
        List<ModelOffer> offers = read(() -> api.modelInfo()).data().stream()
                .filter(entry -> entry.modelName() != null)
                .map(LiteLlmGateway::toOffer)
                .toList();
        ModelCatalog catalog = new ModelCatalog(offers);
        cachedCatalog = new CachedCatalog(catalog, now);
        return catalog;
    }

    /**
     * Makes sure LiteLLM has a user row for this person, so their spend accrues and budgets apply
     * ({@code /user/new} with {@code auto_create_key: false}: the portal never wants an untracked key), with the
     * role {@link #USER_ROLE}. Whether the user exists is read from {@code /user/info}'s body, not its status: up
     * to 1.80 an unknown user is a 200 with an empty {@code user_info}. When {@code /user/new} refuses (409 from
     * 1.83 on for a known id or e-mail address, 400 up to 1.80 for a known e-mail address), the user is looked up
     * again: if it exists now, a parallel request made it; otherwise the e-mail address belongs to another LiteLLM
     * user ({@link UserEmailClashException}).
     */
    public void ensureUser(String userId, String email, java.math.BigDecimal maxBudget) {
        if (userExists(userId)) {
            return;
        }
        try {
            write(() -> api.newUser(new NewUserRequest(userId, email, USER_ROLE, maxBudget, false)));
        } catch (LiteLlmException e) {
            if (e.kind() != Kind.REJECTED || e.status() == 422) {
                throw e;
            }
            if (userExists(userId)) {
                return; // created meanwhile by a parallel request
            }
            throw new UserEmailClashException(e.status(), e.errorType(), userId, email);
        }
    }

    /**
     * True when LiteLLM has a user row with this id: {@code /user/info} answers 404 (1.83 on) or 200 with a
     * {@code user_info} that is not that user's row (up to 1.80: {@code {"spend": 0}}).
     */
    private boolean userExists(String userId) {
        try {
            UserInfoResponse info = read(() -> api.userInfo(userId));
            return info != null && info.userInfo() != null && userId.equals(info.userInfo().userId());
        } catch (LiteLlmException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            return false;
        }
    }

    /** The user's LiteLLM role ({@code /user/info}); empty when LiteLLM has no such user. */
    public Optional<String> userRole(String userId) {
        try {
            UserInfoResponse info = read(() -> api.userInfo(userId));
            return Optional.ofNullable(info == null || info.userInfo() == null
                    || !userId.equals(info.userInfo().userId()) ? null : info.userInfo().userRole());
        } catch (LiteLlmException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Gives the user the role {@link #USER_ROLE} ({@code /user/update}); setting a value, so retried. */
    public void limitUserRole(String userId) {
        read(() -> {
            api.updateUser(new UpdateUserRequest(userId, USER_ROLE));
            return null;
        });
    }

    /** Makes sure the team exists in LiteLLM and the user is one of its members. */
    public void ensureTeamMember(String teamId, String userId) {
        TeamInfoResponse team;
        try {
            team = read(() -> api.teamInfo(teamId));
        } catch (LiteLlmException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            try {
                write(() -> {
                    api.newTeam(new TeamNewRequest(teamId, teamId));
                    return null;
                });
            } catch (LiteLlmException exists) {
                if (exists.kind() != Kind.REJECTED) {
                    throw exists;
                }
            }
            team = null;
        }
        boolean member = team != null && team.teamInfo() != null && team.teamInfo().membersWithRoles() != null
                && team.teamInfo().membersWithRoles().stream().anyMatch(m -> userId.equals(m.userId()));
        if (!member) {
            write(() -> {
                api.addTeamMember(new MemberAddRequest(teamId, new Member(userId, "user")));
                return null;
            });
        }
    }

    /**
     * Creates a key that may call models only ({@code key_type: llm_api}). Never retried: on a
     * {@link LiteLlmException} whose outcome is unknown the key may exist, findable by its alias or
     * {@code portal_request_id}.
     */
    public CreatedKey createKey(NewKey key) {
        GenerateKeyResponse response = write(() -> api.generateKey(new GenerateKeyRequest(key.litellmAlias(),
                key.userId(), key.teamId(), key.models(), key.maxBudget(), key.budgetDuration(), key.duration(),
                key.rpmLimit(), key.tpmLimit(), key.maxParallelRequests(), key.metadata(), MODEL_KEY_TYPE,
                key.softBudget())));
        if (response == null || response.key() == null || !response.key().startsWith("sk-")
                || response.token() == null || response.token().length() != 64) {
            throw new LiteLlmException(Kind.MALFORMED_RESPONSE, 200, null,
                    "LiteLLM's answer to /key/generate had no usable key");
        }
        String keyName = response.keyName() != null ? response.keyName()
                : "sk-..." + response.key().substring(response.key().length() - 4);
        return new CreatedKey(response.token(), keyName, new KeyPlaintext(response.key()), instant(response.expires()));
    }

    /**
     * Sets a key's budget ({@code /key/update}). Setting a value is idempotent, so it is retried like a read
     * when LiteLLM is briefly unavailable.
     */
    public void updateBudget(String tokenHash, java.math.BigDecimal maxBudget) {
        onKey(tokenHash, () -> api.updateKey(new UpdateKeyRequest(tokenHash, maxBudget, null)));
    }

    /**
     * Limits a key to model calls ({@code /key/update} with {@code allowed_routes: [llm_api_routes]}, which is
     * what {@code key_type: llm_api} sets on {@code /key/generate}); setting a value, so retried.
     */
    public void limitToModelRoutes(String tokenHash) {
        onKey(tokenHash, () -> api.updateKey(new UpdateKeyRequest(tokenHash, null, MODEL_ROUTES)));
    }

    /**
     * Deletes keys by hash; keys already gone count as deleted. Deleting is idempotent, so it is retried like a
     * read when LiteLLM is briefly unavailable.
     */
    public void deleteKeys(List<String> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return;
        }
        try {
            read(() -> api.deleteKeys(new DeleteKeysRequest(List.copyOf(tokenHashes))));
        } catch (LiteLlmException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Blocks or unblocks a key ({@code /key/block}, {@code /key/unblock}); idempotent, so retried. */
    public void setBlocked(String tokenHash, boolean blocked) {
        onKey(tokenHash, () -> blocked ? api.blockKey(new KeyRef(tokenHash)) : api.unblockKey(new KeyRef(tokenHash)));
    }

    /**
     * A call on one key ({@code /key/update}, {@code /key/block}, {@code /key/unblock}), retried like a read. LiteLLM
     * answers an unknown key there with 401 {@code token_not_found_in_db}, the same status and type as a refused
     * master key (docs/litellm-contract.md, "A key that is gone"). On a 401 the portal asks {@code /key/info}, which
     * answers an unknown key with 404: then the key is gone ({@link Kind#NOT_FOUND}); when {@code /key/info} refuses
     * the master key too, or finds the key, the 401 stands ({@link Kind#UNAUTHORIZED}).
     */
    private void onKey(String tokenHash, Supplier<?> call) {
        try {
            read(call);
        } catch (LiteLlmException refused) {
            if (refused.kind() != Kind.UNAUTHORIZED) {
                throw refused;
            }
            try {
                read(() -> api.keyInfo(tokenHash));
            } catch (LiteLlmException probe) {
                if (probe.kind() == Kind.NOT_FOUND) {
                    throw new LiteLlmException(Kind.NOT_FOUND, refused.status(), refused.errorType(),
                            "The key does not exist in LiteLLM any more");
                }
                throw refused;
            }
            // the master key works and the key exists, yet the route did not find it by its hash
            throw new LiteLlmException(Kind.UNAUTHORIZED, refused.status(), refused.errorType(),
                    "LiteLLM has the key but did not find it by its hash on this route: " + refused.getMessage());
        }
    }

    /** {@link #spendOn(LocalDate, Collection)} without keys known from elsewhere. */
    public List<DailySpend> spendOn(LocalDate day) {
        return spendOn(day, List.of());
    }

    /**
     * One UTC day's spend per key and model from LiteLLM's pre-aggregated daily table ({@code /user/daily/activity},
     * start and end both that day, {@value #DAILY_PAGE_SIZE} rows a page): a row per user, key and model instead of
     * one per request as {@code /spend/logs} would return. Models are the public names ({@code model_groups},
     * falling back to the provider's {@code models}); a key's spend on rows without a model group is booked under
     * {@code unknown}. Each page is retried like any read; a page that still fails fails the whole day.
     *
     * <p>LiteLLM orders a day's rows by date only and pages with skip/take, so when a day spans several pages, rows
     * can repeat or go missing between them (docs/litellm-contract.md, "GET /user/daily/activity"). A day that fits
     * on one page is one consistent answer and is taken as it is. Otherwise the day is read again key by key
     * ({@code api_key}), each key's rows fitting on a page: for every key seen in the pages and every key in
     * {@code knownKeys} (token hashes the caller knows of, such as every key LiteLLM listed).
     */
    public List<DailySpend> spendOn(LocalDate day, Collection<String> knownKeys) {
        String date = day.toString();
        List<DailyActivityResponse> pages = dayPages(date, null);
        Map<List<String>, DailySpend> totals = new LinkedHashMap<>();
        if (pages.size() <= 1) {
            pages.forEach(page -> addPage(page, date, totals));
            return List.copyOf(totals.values());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (DailyActivityResponse page : pages) {
            if (page.results() != null) {
                page.results().stream().filter(result -> result != null && result.breakdown() != null)
                        .forEach(result -> keys.addAll(keysIn(result.breakdown())));
            }
        }
        keys.addAll(knownKeys);
        for (String key : keys) {
            dayPages(date, key).forEach(page -> addPage(page, date, totals));
        }
        return List.copyOf(totals.values());
    }

    private List<DailyActivityResponse> dayPages(String date, String apiKey) {
        List<DailyActivityResponse> pages = new ArrayList<>();
        for (int number = 1; number <= MAX_DAILY_PAGES; number++) {
            int current = number;
            DailyActivityResponse response = read(() -> api.dailyActivity(date, date, current, DAILY_PAGE_SIZE,
                    apiKey));
            if (response == null) {
                break;
            }
            pages.add(response);
            DailyActivityPage page = response.metadata();
            boolean more = page != null && (page.hasMore() != null ? page.hasMore()
                    : page.totalPages() != null && current < page.totalPages());
            if (!more) {
                break;
            }
        }
        return pages;
    }

    private static void addPage(DailyActivityResponse response, String date, Map<List<String>, DailySpend> totals) {
        if (response.results() != null) {
            response.results().stream()
                    .filter(result -> result != null && date.equals(result.date()) && result.breakdown() != null)
                    .forEach(result -> addDay(result.breakdown(), totals));
        }
    }

    private static Set<String> keysIn(DailyBreakdown breakdown) {
        Set<String> keys = new LinkedHashSet<>();
        if (breakdown.apiKeys() != null) {
            keys.addAll(breakdown.apiKeys().keySet());
        }
        for (Map<String, BreakdownEntry> byModel : Arrays.asList(breakdown.modelGroups(), breakdown.models())) {
            if (byModel != null) {
                byModel.values().stream().filter(entry -> entry != null && entry.apiKeyBreakdown() != null)
                        .forEach(entry -> keys.addAll(entry.apiKeyBreakdown().keySet()));
            }
        }
        keys.remove(null);
        return keys;
    }

    /**
     * One day's breakdown of one page: per key and model group; what a key spent beyond its model groups (rows
     * without a {@code model_group}, which {@code update_breakdown_metrics} leaves out of {@code model_groups} but
     * counts in {@code api_keys}) goes under {@code unknown}.
     */
    private static void addDay(DailyBreakdown breakdown, Map<List<String>, DailySpend> totals) {
        Map<String, BreakdownEntry> byModel = hasKeyBreakdown(breakdown.modelGroups()) ? breakdown.modelGroups()
                : breakdown.models();
        if (!hasKeyBreakdown(byModel)) {
            if (breakdown.apiKeys() != null) { // LiteLLM before the per-model key breakdown
                breakdown.apiKeys().forEach((hash, keyEntry) -> add(totals, hash, "unknown", keyEntry));
            }
            return;
        }
        Map<String, DailySpend> byKey = new LinkedHashMap<>();
        byModel.forEach((model, entry) -> {
            if (entry != null && entry.apiKeyBreakdown() != null) {
                entry.apiKeyBreakdown().forEach((hash, keyEntry) -> {
                    DailySpend spend = add(totals, hash, model, keyEntry);
                    if (spend != null) {
                        byKey.merge(hash, spend, DailySpend::plus);
                    }
                });
            }
        });
        if (breakdown.apiKeys() != null) {
            breakdown.apiKeys().forEach((hash, keyEntry) -> {
                DailySpend whole = toSpend(hash, "unknown", keyEntry);
                if (whole == null) {
                    return;
                }
                DailySpend grouped = byKey.get(hash);
                DailySpend rest = grouped == null ? whole : whole.minus(grouped);
                // a micro-dollar or more: below that it is float noise between two sums of the same rows
                if (rest.spend().compareTo(MICRO_DOLLAR) >= 0 || rest.requests() > 0 || rest.tokens() > 0) {
                    totals.merge(List.of(hash, "unknown"), rest, DailySpend::plus);
                }
            });
        }
    }

    private static boolean hasKeyBreakdown(Map<String, BreakdownEntry> entries) {
        return entries != null && entries.values().stream()
                .anyMatch(entry -> entry != null && entry.apiKeyBreakdown() != null && !entry.apiKeyBreakdown().isEmpty());
    }

    private static DailySpend add(Map<List<String>, DailySpend> totals, String hash, String model,
            KeyBreakdownEntry entry) {
        DailySpend spend = toSpend(hash, model, entry);
        if (spend != null) {
            totals.merge(List.of(spend.tokenHash(), spend.model()), spend, DailySpend::plus);
        }
        return spend;
    }

    private static DailySpend toSpend(String hash, String model, KeyBreakdownEntry entry) {
        if (hash == null || entry == null || entry.metrics() == null || entry.metrics().spend() == null) {
            return null;
        }
        var metrics = entry.metrics();
        return new DailySpend(hash, model == null ? "unknown" : model, metrics.spend(),
                metrics.apiRequests() == null ? 0 : metrics.apiRequests(),
                metrics.totalTokens() == null ? 0 : metrics.totalTokens());
    }

    /**
     * The soft budget LiteLLM keeps for a key, from {@code /key/info} (the one answer that includes the key's budget
     * row; {@code /key/list} rows never do); null when the key has none or LiteLLM has no such key.
     */
    public java.math.BigDecimal softBudgetOf(String tokenHash) {
        try {
            var info = read(() -> api.keyInfo(tokenHash));
            return info == null || info.info() == null || info.info().litellmBudgetTable() == null ? null
                    : info.info().litellmBudgetTable().softBudget();
        } catch (LiteLlmException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Keys with exactly this alias (LiteLLM keeps aliases unique, so zero or one). */
    public List<KeyState> keysWithAlias(String alias) {
        KeyListResponse page = read(() -> api.listKeys(null, alias, 1, PAGE_SIZE));
        return toStates(page);
    }

    /** Every key LiteLLM holds for this user, paging through {@code /key/list}. */
    public List<KeyState> keysOfUser(String userId) {
        List<KeyState> all = new ArrayList<>();
        forEachPage(userId, MAX_PAGES, all::addAll);
        return all;
    }

    /** Every key in LiteLLM, handed over a page (up to 100 keys) at a time: the admin view, for the spend copy. */
    public void forEachKeyPage(Consumer<List<KeyState>> page) {
        forEachPage(null, MAX_PAGES_OF_ALL_KEYS, page);
    }

    private void forEachPage(String userId, int maxPages, Consumer<List<KeyState>> page) {
        for (int number = 1; number <= maxPages; number++) {
            int current = number;
            KeyListResponse response = read(() -> api.listKeys(userId, null, current, PAGE_SIZE));
            page.accept(toStates(response));
            if (response.totalPages() == null || current >= response.totalPages()) {
                break;
            }
        }
    }

    /**
     * True when the proxy answers its liveliness probe. The probe takes no call slot: a health check must neither
     * wait behind issuing nor take a slot from it (the health indicator keeps its answer, so probes are rare).
     */
    public boolean alive() {
        try {
            api.liveliness();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private <T> T read(Supplier<T> call) {
        try {
            return readRetry.invoke(() -> call(call));
        } catch (LiteLlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    private <T> T write(Supplier<T> call) {
        return call(call);
    }

    private <T> T call(Supplier<T> call) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiteLlmException(Kind.BUSY, 0, null, "Interrupted while waiting to call LiteLLM");
        }
        if (!acquired) {
            throw new LiteLlmException(Kind.BUSY, 0, null, "Too many calls to LiteLLM are already waiting");
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw errors.fromClientFailure(e);
        } finally {
            permits.release();
        }
    }

    private static LiteLlmException unwrap(RuntimeException e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof LiteLlmException known) {
                return known;
            }
            if (cause instanceof RetryException retry && retry.getCause() != null && retry.getCause() != cause) {
                cause = retry.getCause();
                continue;
            }
            cause = cause.getCause();
        }
        return new LiteLlmException(Kind.SERVER_ERROR, 0, null, "LiteLLM call failed");
    }

    private List<KeyState> toStates(KeyListResponse response) {
        if (response == null || response.keys() == null) {
            return List.of();
        }
        return response.keys().stream().filter(Objects::nonNull).map(LiteLlmGateway::toState).toList();
    }

    private static KeyState toState(KeyRow row) {
        return new KeyState(row.token(), row.keyName(), row.keyAlias(), row.userId(), row.teamId(),
                row.models() == null ? List.of() : row.models(), row.spend(), row.maxBudget(), row.budgetDuration(),
                instant(row.budgetResetAt()), instant(row.expires()), Boolean.TRUE.equals(row.blocked()),
                row.metadata() == null ? Map.of() : row.metadata(),
                row.litellmBudgetTable() == null ? null : row.litellmBudgetTable().softBudget(),
                row.allowedRoutes() == null ? List.of() : row.allowedRoutes());
    }

    private static ModelOffer toOffer(ModelEntry entry) {
        var info = entry.modelInfo();
        return new ModelOffer(entry.modelName(),
                info == null || info.accessGroups() == null ? List.of() : info.accessGroups(),
                info == null ? null : info.inputCostPerToken(), info == null ? null : info.outputCostPerToken());
    }

    /** LiteLLM prints {@code …Z}, {@code …+00:00} or, in a few views, no zone at all (UTC). */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException offsetMissing) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private record CachedCatalog(ModelCatalog catalog, Instant fetchedAt) {
    }
}
