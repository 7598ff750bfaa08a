package dev.keyportal.keys;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation and revocation: the page, LiteLLM's state and the audit trail. */
class KeyLifecycleTests extends FullStackTest {

    @Test
    void rotationShowsANewKeyOnceAndTheOldOneStopsWorking() {
        String person = uniquePerson("rotator");
        PortalClient browser = signedIn(person);
        String oldKey = plaintextIn(browser.post("/keys", form("rotating")));
        String oldId = keyId(person, "ACTIVE");
        Map<String, List<String>> rotate = Map.of("submission_id", List.of(UUID.randomUUID().toString()));

        Page rotated = browser.post("/keys/" + oldId + "/rotate", rotate);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.text()).contains("replaces the one you rotated");
        String newKey = plaintextIn(rotated);
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(liteLlm.chat(oldKey, "gpt-4o-mini").statusCode()).isEqualTo(401);
        assertThat(liteLlm.chat(newKey, "gpt-4o-mini").statusCode()).isEqualTo(200);
        String newId = keyId(person, "ACTIVE");
        assertThat(jdbc.queryForObject("select replaces_key_id::text from issued_key where id = ?::uuid",
                String.class, newId)).isEqualTo(oldId);
        assertThat(jdbc.queryForObject("select status from issued_key where id = ?::uuid", String.class, oldId))
                .isEqualTo("ROTATED");

        Page replay = browser.post("/keys/" + oldId + "/rotate", rotate);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.body()).doesNotContain(newKey);
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).singleElement()
                .satisfies(k -> {
                    assertThat(k.metadata().get("approved_by")).isEqualTo("rotation");
                    assertThat(k.allowedRoutes()).as("the new key may call models only").containsExactly("llm_api_routes");
                });
        assertThat(browser.get("/keys").text()).contains("Revoked and rotated keys", "ROTATED");
    }

    @Test
    void aRotatedKeyKeepsTheOldKeysExpiry() {
        String person = uniquePerson("extender");
        PortalClient browser = signedIn(person);
        plaintextIn(browser.post("/keys", form("thirty-days")));
        String oldId = keyId(person, "ACTIVE");
        // twenty days later, ten are left of the key's thirty
        Instant expiry = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("update issued_key set expires_at = ? where id = ?::uuid", Timestamp.from(expiry), oldId);

        Page rotated = browser.post("/keys/" + oldId + "/rotate",
                Map.of("submission_id", List.of(UUID.randomUUID().toString())));

        plaintextIn(rotated);
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).singleElement()
                .satisfies(k -> assertThat(k.expires()).isBetween(expiry.minus(Duration.ofMinutes(1)), expiry));
        Timestamp recorded = jdbc.queryForObject("select expires_at from issued_key where id = ?::uuid",
                Timestamp.class, keyId(person, "ACTIVE"));
        assertThat(recorded.toInstant()).isBetween(expiry.minus(Duration.ofMinutes(1)), expiry);
    }

    @Test
    void revokingNeedsAConfirmationAndThenTheKeyStopsWorking() {
        String person = uniquePerson("revoker");
        PortalClient browser = signedIn(person);
        String key = plaintextIn(browser.post("/keys", form("short-lived")));
        String id = keyId(person, "ACTIVE");

        Page unconfirmed = browser.post("/keys/" + id + "/revoke", Map.of());
        assertThat(unconfirmed.text()).contains("Tick the box to confirm", "Nothing was revoked");
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);

        Page revoked = browser.post("/keys/" + id + "/revoke", Map.of("confirm", List.of("yes")));

        assertThat(revoked.text()).contains("is revoked and no longer works");
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select status from issued_key where id = ?::uuid", String.class, id))
                .isEqualTo("REVOKED");
        assertThat(jdbc.queryForList("select action from audit_event where subject_id = ? order by id",
                String.class, id)).containsExactly("key.issued", "key.revoked");
    }

    @Test
    void revocationThatLiteLlmCannotDoLeavesTheKeyAsItWas() {
        String person = uniquePerson("stubborn");
        PortalClient browser = signedIn(person);
        String key = plaintextIn(browser.post("/keys", form("stays")));
        String id = keyId(person, "ACTIVE");
        liteLlm.failAlways("/key/delete", Fault.HTTP_500);

        Page page = browser.post("/keys/" + id + "/revoke", Map.of("confirm", List.of("yes")));

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.text()).contains("Nothing was submitted or changed");
        assertThat(jdbc.queryForObject("select status from issued_key where id = ?::uuid", String.class, id))
                .isEqualTo("ACTIVE");
        liteLlm.clearFaults();
        assertThat(liteLlm.chat(key, "gpt-4o-mini").statusCode()).isEqualTo(200);
    }

    private String keyId(String person, String status) {
        return jdbc.queryForObject("""
                select k.id::text from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.status = ?""", String.class, person, status);
    }

    private String plaintextIn(Page page) {
        return liteLlm.issuedPlaintexts().stream().filter(page.body()::contains).findFirst()
                .orElseThrow(() -> new AssertionError("no key on the page: " + page.status()));
    }

    @Test
    void keysCloseToExpiryAreMarkedWithAOneClickRotation() {
        String person = uniquePerson("expiring");
        PortalClient browser = signedIn(person);
        Map<String, List<String>> shortLived = form("short");
        shortLived.put("duration", List.of("5d"));
        browser.post("/keys", shortLived);
        browser.post("/keys", form("long"));

        Page keys = browser.get("/keys");

        assertThat(keys.body()).containsOnlyOnce("expires soon");
        assertThat(keys.text()).contains("Rotate now");
        String home = browser.get("/").body();
        assertThat(home).contains("expires soon");
    }
}
