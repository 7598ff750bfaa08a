package dev.keyportal.keyrequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys made in LiteLLM outside the portal are listed for admins and adopted without their plaintext. */
class KeyImportTests extends FullStackTest {

    @Test
    void adminAdoptsAKeyMadeOutsideThePortalForItsOwner() throws Exception {
        String person = uniquePerson("legacy");
        PortalClient owner = signedIn(person);
        String plaintext = createOutside(person + "@example.com", "legacy-notebook-" + person);
        String hash = liteLlm.keys().stream().filter(k -> ("legacy-notebook-" + person).equals(k.keyAlias()))
                .findFirst().orElseThrow().token();
        String ownerId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        PortalClient carol = signedIn("carol");

        Page list = carol.get("/admin/import");
        assertThat(list.text()).contains("legacy-notebook-" + person);
        assertThat(list.body()).doesNotContain(plaintext);

        Page adopted = carol.post("/admin/import", Map.of("owner_id", List.of(ownerId), "token_hash", List.of(hash)));

        assertThat(adopted.text()).contains("Adopted");
        assertThat(adopted.text()).doesNotContain("legacy-notebook-" + person + " sk-");
        assertThat(carol.get("/admin/import").text()).doesNotContain("legacy-notebook-" + person);
        assertThat(owner.get("/keys").text()).contains("legacy-notebook-" + person);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'key.imported'"
                + " and after_value like ?", Integer.class, "%" + hash + "%")).isEqualTo(1);
        assertThat(carol.post("/admin/import", Map.of("owner_id", List.of(ownerId), "token_hash",
                List.of(hash))).status()).isEqualTo(404);
        assertThat(signedIn(uniquePerson("nosy")).get("/admin/import").status()).isEqualTo(403);
    }

    /** An admin creating a key in LiteLLM's own UI, for a person who also uses the portal. */
    @Test
    void twoAdminsAdoptingTheSameKeyAtOnceMakeOneRecord() throws Exception {
        String person = uniquePerson("contested");
        signedIn(person);
        createOutside(person + "@example.com", "contested-" + person);
        String hash = liteLlm.keys().stream().filter(k -> ("contested-" + person).equals(k.keyAlias()))
                .findFirst().orElseThrow().token();
        String ownerId = jdbc.queryForObject("select id::text from portal_user where subject = ?", String.class,
                person);
        PortalClient carol = signedIn("carol");
        PortalClient carolElsewhere = signedIn("carol");
        carol.csrfToken();
        carolElsewhere.csrfToken();
        Map<String, List<String>> adopt = Map.of("owner_id", List.of(ownerId), "token_hash", List.of(hash));
        List<Page> pages = AtOnce.run(() -> carol.post("/admin/import", adopt),
                () -> carolElsewhere.post("/admin/import", adopt));

        assertThat(pages).extracting(Page::status).doesNotContain(500).contains(200);
        assertThat(jdbc.queryForObject("select count(*) from issued_key where token_hash = ?", Integer.class, hash))
                .isEqualTo(1);
    }

    private String createOutside(String userId, String alias) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(liteLlm.baseUrl() + "/key/generate"))
                .header("Authorization", "Bearer " + TestPortalConfiguration.MASTER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\": \"" + userId + "\", \"key_alias\": \""
                        + alias + "\", \"models\": [\"gpt-4o-mini\"], \"max_budget\": 15}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().replaceAll("(?s).*\"key\"\\s*:\\s*\"(sk-[^\"]+)\".*", "$1");
    }
}
