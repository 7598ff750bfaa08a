package dev.keyportal.keys;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.keyportal.testsupport.TestPortalConfiguration.MASTER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key from the portal may call models and nothing else on the proxy: its LiteLLM user's role and its own route
 * limit both keep it away from LiteLLM's key management, and the route-limit job brings older users and keys in
 * line once, audited.
 */
class KeyRouteLimitTests extends FullStackTest {

    @Autowired
    KeyRouteLimits routeLimits;

    @Test
    void aKeyFromThePortalCanNeitherCreateUpdateDeleteNorUnblockKeysOnTheProxy() {
        String person = uniquePerson("tinkerer");
        PortalClient browser = signedIn(person);
        String key = plaintextIn(browser.post("/keys", form("everyday")));
        String blockedKey = plaintextIn(browser.post("/keys", form("blocked-by-admin")));
        StandInKey own = keyOf(key);
        StandInKey blocked = keyOf(blockedKey);
        liteLlm.post("/key/block", MASTER_KEY, Map.of("key", blocked.token()));

        assertThat(liteLlm.user(person + "@example.com").orElseThrow()).containsEntry("user_role",
                "internal_user_viewer");
        assertThat(own.allowedRoutes()).containsExactly("llm_api_routes");
        for (Map.Entry<String, Map<String, ?>> attempt : managementAttempts(own, blocked).entrySet()) {
            HttpResponse<String> refused = liteLlm.post(attempt.getKey(), key, attempt.getValue());
            assertThat(refused.statusCode()).as(attempt.getKey()).isIn(401, 403);
        }

        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).hasSize(2);
        assertThat(keyOf(key).maxBudget()).isEqualTo(own.maxBudget());
        assertThat(keyOf(blockedKey).blocked()).isTrue();
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);
    }

    @Test
    void usersAndKeysFromBeforeTheLimitsAreLimitedOnceEachWithAnAuditEvent() {
        String person = uniquePerson("early-adopter");
        PortalClient browser = signedIn(person);
        String key = plaintextIn(browser.post("/keys", form("from-before")));
        StandInKey before = keyOf(key);
        String userId = person + "@example.com";
        liteLlm.post("/user/update", MASTER_KEY, Map.of("user_id", userId, "user_role", "internal_user"));
        liteLlm.post("/key/update", MASTER_KEY, Map.of("key", before.token(), "allowed_routes", List.of()));
        HttpResponse<String> minted = liteLlm.post("/key/generate", key, Map.of("models", List.of("gpt-4o")));
        assertThat(minted.statusCode()).as("what such a key could do").isEqualTo(200);
        liteLlm.post("/key/delete", MASTER_KEY,
                Map.of("keys", List.of(JsonMapper.shared().readTree(minted.body()).get("token").stringValue())));

        KeyRouteLimits.Outcome first = routeLimits.limitAll();
        KeyRouteLimits.Outcome second = routeLimits.limitAll();

        assertThat(first.usersLimited()).isPositive();
        assertThat(first.keysLimited()).isPositive();
        assertThat(second).isEqualTo(new KeyRouteLimits.Outcome(0, 0, 0));
        assertThat(liteLlm.user(userId).orElseThrow()).containsEntry("user_role", "internal_user_viewer");
        assertThat(keyOf(key).allowedRoutes()).containsExactly("llm_api_routes");
        assertThat(liteLlm.post("/key/generate", key, Map.of("models", List.of("gpt-4o"))).statusCode())
                .isIn(401, 403);
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);
        String personId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        String keyId = jdbc.queryForObject("select id::text from issued_key where token_hash = ?", String.class,
                before.token());
        assertThat(jdbc.queryForList("select action || ' ' || before_value || ' -> ' || after_value from audit_event"
                + " where actor_name = 'route-limits' and ((subject_type = 'USER' and subject_id = ?)"
                + " or (subject_type = 'KEY' and subject_id = ?)) order by id", String.class, personId, keyId))
                .containsExactly(
                        "user.litellm_role_limited {\"litellm_role\":\"internal_user\"} ->"
                                + " {\"litellm_role\":\"internal_user_viewer\"}",
                        "key.routes_limited {\"allowed_routes\":\"any\"} -> {\"allowed_routes\":[\"llm_api_routes\"]}");
    }

    private static Map<String, Map<String, ?>> managementAttempts(StandInKey own, StandInKey blocked) {
        return Map.of(
                "/key/generate", Map.of("models", List.of("gpt-4o"), "max_budget", 1000),
                "/key/update", Map.of("key", own.token(), "max_budget", 5000),
                "/key/delete", Map.of("keys", List.of(own.token())),
                "/key/unblock", Map.of("key", blocked.token()));
    }

    private StandInKey keyOf(String plaintext) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
            return liteLlm.keyByHash(HexFormat.of().formatHex(digest)).orElseThrow();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String plaintextIn(Page page) {
        return liteLlm.issuedPlaintexts().stream().filter(page.body()::contains).findFirst()
                .orElseThrow(() -> new AssertionError("no key on the page: " + page.status()));
    }
}
