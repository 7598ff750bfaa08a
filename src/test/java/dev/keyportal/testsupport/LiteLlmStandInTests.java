package dev.keyportal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LiteLlmStandInTests {

    private static final String MASTER_KEY = "sk-stand-in-test-master";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http = HttpClient.newHttpClient();
    private LiteLlmStandIn litellm;

    @BeforeEach
    void startStandIn() {
        litellm = withModels(LiteLlmStandIn.start(MASTER_KEY));
    }

    @AfterEach
    void stopStandIn() {
        litellm.close();
    }

    @Test
    void generatedKeyIsFoundByItsHashAndByItsPlaintext() throws Exception {
        Reply generated = post("/key/generate", MASTER_KEY, Map.of("key_alias", "alice-laptop", "max_budget", 10,
                "metadata", Map.of("portal_request_id", "req-1")));

        assertThat(generated.status()).isEqualTo(200);
        String plaintext = generated.json().get("key").stringValue();
        String hash = sha256Hex(plaintext);
        assertThat(plaintext).startsWith("sk-").hasSize(25);
        assertThat(generated.json().get("token").stringValue()).isEqualTo(hash);
        assertThat(generated.json().get("key_name").stringValue()).isEqualTo("sk-..." + plaintext.substring(21));
        assertThat(litellm.issuedPlaintexts()).containsExactly(plaintext);

        for (String reference : List.of(hash, plaintext)) {
            Reply info = get("/key/info?key=" + reference, MASTER_KEY);
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.json().get("key").stringValue()).isEqualTo(reference);
            JsonNode row = info.json().get("info");
            assertThat(row.has("token")).isFalse();
            assertThat(row.get("key_alias").stringValue()).isEqualTo("alice-laptop");
            assertThat(row.get("metadata").get("portal_request_id").stringValue()).isEqualTo("req-1");
        }
        assertThat(get("/key/info?key=" + "0".repeat(64), MASTER_KEY).errorType()).isEqualTo("not_found_error");
    }

    @Test
    void duplicateKeyAliasIsABadRequest() throws Exception {
        post("/key/generate", MASTER_KEY, Map.of("key_alias", "shared"));

        Reply duplicate = post("/key/generate", MASTER_KEY, Map.of("key_alias", "shared"));

        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.errorType()).isEqualTo("bad_request_error");
        assertThat(duplicate.json().get("error").get("param").stringValue()).isEqualTo("key_alias");
        assertThat(duplicate.json().get("error").get("code").stringValue()).isEqualTo("400");
        assertThat(litellm.keys()).hasSize(1);
    }

    @Test
    void wrongMasterKeyIsAnUnknownToken() throws Exception {
        Reply wrongKey = post("/key/generate", "sk-not-the-master", Map.of());
        Reply noKey = send(HttpRequest.newBuilder(uri("/key/list")).GET().build());

        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.errorType()).isEqualTo("token_not_found_in_db");
        assertThat(wrongKey.json().toString()).doesNotContain(MASTER_KEY).doesNotContain("sk-not-the-master");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.errorType()).isEqualTo("auth_error");
        assertThat(litellm.keys()).isEmpty();
    }

    @Test
    void chatCompletionAcceptsAnIssuedKeyAndRefusesItOnceDeleted() throws Exception {
        String key = post("/key/generate", MASTER_KEY, Map.of("models", List.of("gpt-4o-mini")))
                .json().get("key").stringValue();
        String hash = sha256Hex(key);
        Map<String, Object> chat =
                Map.of("model", "gpt-4o-mini", "messages", List.of(Map.of("role", "user", "content", "Hi")));

        Reply accepted = post("/chat/completions", key, chat);
        Reply otherModel = post("/chat/completions", key, Map.of("model", "gpt-4o", "messages", List.of()));
        post("/key/delete", MASTER_KEY, Map.of("keys", List.of(hash)));
        Reply afterDelete = post("/chat/completions", key, chat);

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("choices").get(0).get("message").get("content").stringValue())
                .isEqualTo(LiteLlmStandIn.ASSISTANT_REPLY);
        assertThat(otherModel.status()).isEqualTo(403);
        assertThat(otherModel.errorType()).isEqualTo("key_model_access_denied");
        assertThat(afterDelete.status()).isEqualTo(401);
        assertThat(afterDelete.errorType()).isEqualTo("token_not_found_in_db");
        assertThat(litellm.spendLogs()).singleElement()
                .satisfies(log -> assertThat(log)
                        .containsEntry("api_key", hash)
                        .containsEntry("model_group", "gpt-4o-mini"));
    }

    @Test
    void anInternalUsersKeyWithoutARouteLimitManagesKeysItselfAndUnblocksAnyKey() throws Exception {
        newUser("ivy", "internal_user");
        newUser("vic", "internal_user_viewer");
        String ivys = keyOf("ivy", null);
        String blockedByAdmin = keyOf("vic", null);
        post("/key/block", MASTER_KEY, Map.of("key", sha256Hex(blockedByAdmin)));

        Reply minted = post("/key/generate", ivys, Map.of("models", List.of("gpt-4o"), "max_budget", 1000));
        assertThat(minted.status()).isEqualTo(200);
        assertThat(minted.json().get("user_id").stringValue()).isEqualTo("ivy");
        assertThat(post("/key/generate", ivys, Map.of("user_id", "vic")).status()).isEqualTo(403);
        assertThat(post("/key/update", ivys, Map.of("key", sha256Hex(ivys), "max_budget", 5000)).status())
                .isEqualTo(200);
        assertThat(post("/key/update", ivys, Map.of("key", sha256Hex(blockedByAdmin), "max_budget", 5000))
                .status()).isEqualTo(403);
        assertThat(post("/key/unblock", ivys, Map.of("key", sha256Hex(blockedByAdmin))).status()).isEqualTo(200);
        assertThat(post("/key/delete", ivys, Map.of("keys", List.of(minted.json().get("token").stringValue())))
                .status()).isEqualTo(200);

        assertThat(litellm.keyByHash(sha256Hex(ivys)).orElseThrow().maxBudget()).isEqualTo(5000.0);
        assertThat(litellm.keyByHash(sha256Hex(blockedByAdmin)).orElseThrow().blocked()).isFalse();
    }

    @Test
    void aViewersKeyIsRefusedKeyManagementByItsRoleAndAModelOnlyKeyByItsRouteLimit() throws Exception {
        newUser("ivy", "internal_user");
        newUser("vic", "internal_user_viewer");
        String viewers = keyOf("vic", null);
        String modelOnly = keyOf("ivy", "llm_api");
        String blocked = keyOf("ivy", null);
        post("/key/block", MASTER_KEY, Map.of("key", sha256Hex(blocked)));
        assertThat(litellm.keyByHash(sha256Hex(modelOnly)).orElseThrow().allowedRoutes())
                .containsExactly("llm_api_routes");

        for (String key : List.of(viewers, modelOnly)) {
            Map<String, Map<String, ?>> attempts = Map.of(
                    "/key/generate", Map.of("models", List.of("gpt-4o")),
                    "/key/update", Map.of("key", sha256Hex(key), "max_budget", 5000),
                    "/key/delete", Map.of("keys", List.of(sha256Hex(key))),
                    "/key/unblock", Map.of("key", sha256Hex(blocked)));
            attempts.forEach((route, body) -> {
                Reply refused = postQuietly(route, key, body);
                if (key.equals(viewers)) {
                    assertThat(refused.status()).as(route).isEqualTo(401);
                    assertThat(refused.json().get("error").get("message").stringValue()).as(route)
                            .contains("Only proxy admin", "Your role=internal_user_viewer");
                } else {
                    assertThat(refused.status()).as(route).isEqualTo(403);
                    assertThat(refused.json().get("detail").stringValue()).as(route)
                            .contains("Virtual key is not allowed to call this route", "llm_api_routes");
                }
            });
            assertThat(post("/chat/completions", key, Map.of("model", "gpt-4o-mini", "messages",
                    List.of(Map.of("role", "user", "content", "Hi")))).status()).isEqualTo(200);
        }
        assertThat(litellm.keys()).hasSize(3);
        assertThat(litellm.keyByHash(sha256Hex(blocked)).orElseThrow().blocked()).isTrue();
        assertThat(litellm.keyByHash(sha256Hex(modelOnly)).orElseThrow().maxBudget()).isNull();
    }

    @Test
    void createThen500LeavesTheKeyBehind() throws Exception {
        litellm.failNext("/key/generate", Fault.CREATE_THEN_500);

        Reply failed = post("/key/generate", MASTER_KEY, Map.of("key_alias", "half-done"));
        Reply retried = post("/key/generate", MASTER_KEY, Map.of("key_alias", "half-done"));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorType()).isEqualTo("internal_server_error");
        assertThat(litellm.keyByAlias("half-done")).isPresent();
        assertThat(retried.status()).isEqualTo(400);
        assertThat(litellm.callCount("/key/generate")).isEqualTo(2);
    }

    @Test
    void modelListExpandsAccessGroupsForAVirtualKey() throws Exception {
        String key = post("/key/generate", MASTER_KEY, Map.of("models", List.of("premium-models")))
                .json().get("key").stringValue();

        Reply asKey = get("/v1/models", key);
        Reply asAdmin = get("/v1/models", MASTER_KEY);

        assertThat(ids(asKey)).containsExactly("gpt-4o", "claude-sonnet");
        assertThat(ids(asAdmin)).containsExactly("gpt-4o-mini", "gpt-4o", "claude-sonnet");
    }

    @Test
    void budgetResetAndExpiryFollowTheClock() throws Exception {
        litellm.close();
        Instant monday = Instant.parse("2026-11-23T17:59:55.918246Z");
        litellm = withModels(LiteLlmStandIn.start(MASTER_KEY, Clock.fixed(monday, ZoneOffset.UTC)));

        Reply generated = post("/key/generate", MASTER_KEY,
                Map.of("duration", "30d", "budget_duration", "30d", "key_alias", "monthly"));
        Reply weekly = post("/key/generate", MASTER_KEY, Map.of("budget_duration", "1w"));
        Reply badDuration = post("/key/generate", MASTER_KEY, Map.of("duration", "30"));

        assertThat(generated.json().get("expires").stringValue()).isEqualTo("2026-12-23T17:59:55.918246Z");
        assertThat(generated.json().get("created_at").stringValue()).isEqualTo("2026-11-23T17:59:55.918246Z");
        String token = generated.json().get("token").stringValue();
        JsonNode info = get("/key/info?key=" + token, MASTER_KEY).json().get("info");
        assertThat(info.get("budget_reset_at").stringValue()).isEqualTo("2026-12-01T00:00:00+00:00");
        assertThat(info.get("expires").stringValue()).isEqualTo("2026-12-23T17:59:55.918246+00:00");
        assertThat(litellm.keyByHash(weekly.json().get("token").stringValue()).orElseThrow().budgetResetAt())
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(badDuration.status()).isEqualTo(500);
    }

    @Test
    void connectionResetDropsTheRequestButRecordsIt() {
        litellm.failNext("/key/generate", Fault.CONNECTION_RESET);

        assertThatThrownBy(() -> post("/key/generate", MASTER_KEY, Map.of("key_alias", "never")))
                .isInstanceOf(IOException.class);
        assertThat(litellm.calls()).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/key/generate");
            assertThat(call.body()).contains("never");
        });
        assertThat(litellm.keys()).isEmpty();
    }

    @Test
    void dailyActivityPagesThroughTheDailyTableWithEachModelSplitByKey() throws Exception {
        String a = sha256Hex(post("/key/generate", MASTER_KEY, Map.of("user_id", "u1", "key_alias", "a")).json()
                .get("key").stringValue());
        String b = sha256Hex(post("/key/generate", MASTER_KEY, Map.of("user_id", "u2", "key_alias", "b")).json()
                .get("key").stringValue());
        Instant day = Instant.parse("2026-11-20T10:00:00Z");
        litellm.addSpendAt(a, "gpt-4o", 1.0, 100, day);
        litellm.addSpendAt(a, "gpt-4o", 0.5, 50, day.plusSeconds(60));
        litellm.addSpendAt(b, "gpt-4o-mini", 0.25, 10, day);
        litellm.addSpendAt(b, "gpt-4o-mini", 9.0, 10, day.plusSeconds(86_400));

        Reply first = get("/user/daily/activity?start_date=2026-11-20&end_date=2026-11-20&page=1&page_size=1",
                MASTER_KEY);
        Reply second = get("/user/daily/activity?start_date=2026-11-20&end_date=2026-11-20&page=2&page_size=1",
                MASTER_KEY);
        Reply both = get("/user/daily/activity?start_date=2026-11-20&end_date=2026-11-21", MASTER_KEY);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("metadata").get("total_pages").asInt()).isEqualTo(2);
        assertThat(first.json().get("metadata").get("has_more").asBoolean()).isTrue();
        assertThat(second.json().get("metadata").get("has_more").asBoolean()).isFalse();
        assertThat(first.json().get("results").get(0).get("date").stringValue()).isEqualTo("2026-11-20");
        assertThat(second.json().get("results").get(0).get("date").stringValue()).isEqualTo("2026-11-20");
        // one page per query, but the day's two rows tie on the date: which one a page holds is not fixed
        JsonNode day1 = both.json().get("results").get(1);
        assertThat(day1.get("date").stringValue()).isEqualTo("2026-11-20");
        JsonNode byKey = day1.get("breakdown").get("model_groups").get("gpt-4o").get("api_key_breakdown").get(a);
        assertThat(byKey.get("metrics").get("spend").asDouble()).isEqualTo(1.5);
        assertThat(byKey.get("metrics").get("api_requests").asLong()).isEqualTo(2);
        assertThat(byKey.get("metrics").get("total_tokens").asLong()).isEqualTo(150);
        assertThat(byKey.get("metadata").get("key_alias").stringValue()).isEqualTo("a");
        assertThat(day1.get("breakdown").get("api_keys").has(b)).isTrue();
        assertThat(both.json().get("results").size()).isEqualTo(2);
        assertThat(both.json().get("results").get(0).get("date").stringValue()).isEqualTo("2026-11-21");
        assertThat(get("/user/daily/activity?start_date=2026-11-20&end_date=2026-11-20&page_size=1001", MASTER_KEY)
                .status()).isEqualTo(422);
        assertThat(get("/user/daily/activity", MASTER_KEY).status()).isEqualTo(400);
    }

    private static LiteLlmStandIn withModels(LiteLlmStandIn standIn) {
        return standIn
                .withModel("gpt-4o-mini", "openai/gpt-4o-mini", List.of(), 1.5e-7, 6e-7)
                .withModel("gpt-4o", "openai/gpt-4o", List.of("premium-models"), 2.5e-6, 1e-5)
                .withModel("claude-sonnet", "anthropic/claude-sonnet-4", List.of("premium-models"), 3e-6, 1.5e-5);
    }

    private record Reply(int status, JsonNode json) {
        String errorType() {
            return json.get("error").get("type").stringValue();
        }
    }

    private void newUser(String userId, String role) throws Exception {
        assertThat(post("/user/new", MASTER_KEY, Map.of("user_id", userId, "user_role", role, "auto_create_key", false))
                .status()).isEqualTo(200);
    }

    /** A key the master key made for this user, limited by {@code key_type} when one is given. */
    private String keyOf(String userId, String keyType) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("user_id", userId));
        if (keyType != null) {
            body.put("key_type", keyType);
        }
        return post("/key/generate", MASTER_KEY, body).json().get("key").stringValue();
    }

    private Reply postQuietly(String path, String key, Map<String, ?> body) {
        try {
            return post(path, key, body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply post(String path, String key, Map<String, ?> body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private Reply get(String path, String key) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key).GET().build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private URI uri(String path) {
        return URI.create(litellm.baseUrl() + path);
    }

    private static List<String> ids(Reply models) {
        return models.json().get("data").valueStream().map(model -> model.get("id").stringValue()).toList();
    }

    private static String sha256Hex(String value) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
