package dev.keyportal.keyrequest;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Shown once (docs/architecture.md): the key appears in one response, and one request never makes two keys. */
class ShownOnceTests extends FullStackTest {

    @Test
    void replayedPostSaysAlreadyIssuedWithoutShowingTheKeyAgain() {
        String person = uniquePerson("replay");
        PortalClient browser = signedIn(person);
        Map<String, List<String>> form = form("once");

        Page first = browser.post("/keys", form);
        Page replay = browser.post("/keys", form);

        String plaintext = plaintextIn(first);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.text()).contains("already submitted", "shown once");
        assertThat(replay.body()).doesNotContain(plaintext);
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).hasSize(1);
    }

    @Test
    void doubleSubmitInParallelCreatesOneKey() throws Exception {
        String person = uniquePerson("double");
        PortalClient browser = signedIn(person);
        browser.csrfToken();
        Map<String, List<String>> form = form("double-click");
        List<Page> pages = AtOnce.run(java.util.Collections.nCopies(4, () -> browser.post("/keys", form)));

        assertThat(pages).filteredOn(p -> p.status() == 200).hasSize(1);
        assertThat(pages).filteredOn(p -> p.status() == 409).hasSize(3);
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from key_request where key_alias = 'double-click'",
                Integer.class)).isEqualTo(1);
        String plaintext = plaintextIn(pages.stream().filter(p -> p.status() == 200).findFirst().orElseThrow());
        assertThat(pages).filteredOn(p -> p.body().contains(plaintext)).hasSize(1);
    }

    @Test
    void laterPagesNeverShowTheKey() {
        String person = uniquePerson("later");
        PortalClient browser = signedIn(person);
        Page issued = browser.post("/keys", form("quiet"));
        String plaintext = plaintextIn(issued);
        String requestId = jdbc.queryForObject("""
                select r.id::text from key_request r join portal_user u on u.id = r.requester_id
                where u.subject = ?""", String.class, person);
        String keyId = jdbc.queryForObject("select id::text from issued_key where request_id = ?::uuid", String.class,
                requestId);

        for (String path : List.of("/", "/keys", "/keys/" + keyId, "/requests", "/requests/" + requestId)) {
            Page page = browser.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain(plaintext);
        }
        assertThat(browser.get("/keys/" + keyId).text()).contains("quiet", "sk-..." + plaintext.substring(plaintext.length() - 4));
    }

    private String plaintextIn(Page page) {
        return liteLlm.issuedPlaintexts().stream().filter(page.body()::contains).findFirst()
                .orElseThrow(() -> new AssertionError("no issued key on the page"));
    }
}
