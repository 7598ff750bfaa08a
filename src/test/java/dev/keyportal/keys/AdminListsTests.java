package dev.keyportal.keys;

import java.util.List;
import java.util.Map;

import dev.keyportal.spend.SpendSync;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin finds keys and people by person, alias, team, status and model, with owner, spend and budget. */
class AdminListsTests extends FullStackTest {

    @Autowired
    SpendSync sync;

    @Test
    void allKeysFindsAPersonsKeysByNameAliasStatusAndModelWithOwnerSpendAndBudget() {
        String person = uniquePerson("findme");
        PortalClient owner = signedIn(person);
        owner.post("/keys", form("needle-mini"));
        Map<String, List<String>> haiku = form("needle-haiku");
        haiku.put("models", List.of("claude-haiku"));
        owner.post("/keys", haiku);
        owner.post("/keys", form("needle-gone"));
        liteLlm.addSpend(hashOf(person, "needle-mini"), "gpt-4o-mini", 3.25);
        sync.sync();
        String gone = jdbc.queryForObject("select id::text from issued_key where key_alias = 'needle-gone'"
                + " and owner_id = (select id from portal_user where subject = ?)", String.class, person);
        owner.post("/keys/" + gone + "/revoke", Map.of("confirm", List.of("yes")));
        PortalClient carol = signedIn("carol");

        Page byPerson = carol.get("/admin/keys?q=" + person);
        assertThat(byPerson.text()).contains("needle-mini", "needle-haiku", person + "@example.com", "$3.25 / $10.00")
                .doesNotContain("needle-gone");
        assertThat(rows(byPerson)).isEqualTo(2);

        Page byAlias = carol.get("/admin/keys?q=NEEDLE-HAI");
        assertThat(byAlias.text()).contains("needle-haiku", person + "@example.com").doesNotContain("needle-mini");

        assertThat(carol.get("/admin/keys?q=" + person + "&model=claude-haiku").text()).contains("needle-haiku")
                .doesNotContain("needle-mini");
        Page revoked = carol.get("/admin/keys?q=" + person + "&status=REVOKED");
        assertThat(revoked.text()).contains("needle-gone").doesNotContain("needle-mini");
        assertThat(revoked.body()).doesNotContain("/admin/keys/" + gone + "/block");

        Page byName = carol.get("/admin/keys?q=" + person + "&sort=alias");
        assertThat(byName.text().indexOf("needle-haiku")).isLessThan(byName.text().indexOf("needle-mini"));
        assertThat(carol.get("/admin/keys?q=" + person + "&team=no-such-team").text()).contains("No key matches");
    }

    @Test
    void oddSearchesAreHarmless() {
        PortalClient carol = signedIn("carol");
        for (String query : List.of("q=%25", "q=_", "q=%27%3B+drop+table+issued_key%3B--", "sort=nonsense",
                "page=-3", "page=999999", "status=NOPE", "page=abc")) {
            Page keys = carol.get("/admin/keys?" + query);
            assertThat(keys.status()).as(query).isIn(200, 400);
            assertThat(keys.text()).as(query).doesNotContain("Exception", "SQL");
            Page people = carol.get("/admin/users?" + query);
            assertThat(people.status()).as(query).isIn(200, 400);
        }
        assertThat(jdbc.queryForObject("select count(*) from issued_key", Long.class)).isPositive();
    }

    @Test
    void peopleFindsAPersonByNameOrEmailWithKeysSpendAndBudget() {
        String person = uniquePerson("someone");
        PortalClient owner = signedIn(person);
        owner.post("/keys", form("theirs"));
        liteLlm.addSpend(hashOf(person, "theirs"), "gpt-4o-mini", 1.5);
        sync.sync();
        PortalClient carol = signedIn("carol");

        Page found = carol.get("/admin/users?q=" + person.toUpperCase());
        assertThat(found.text()).contains(person + "@example.com", "$1.50 / $10.00");
        String people = found.body().substring(found.body().indexOf("id=\"people\""));
        assertThat(people.substring(0, people.indexOf("</table>")).split("<tr", -1).length - 2).isEqualTo(1);
        assertThat(carol.get("/admin/users?q=nobody-is-called-this").text()).contains("Nobody matches");
        assertThat(carol.get("/admin/users?sort=keys").status()).isEqualTo(200);
    }

    @Test
    void searchesAreForAdminsOnly() {
        assertThat(signedIn("bob").get("/admin/keys?q=a").status()).isEqualTo(403);
        assertThat(signedIn("alice").get("/admin/users?q=a").status()).isEqualTo(403);
    }

    private String hashOf(String person, String alias) {
        return jdbc.queryForObject("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = ?""", String.class, person, alias);
    }

    private static int rows(Page page) {
        String table = page.body().substring(page.body().indexOf("id=\"all-keys\""));
        return table.substring(0, table.indexOf("</table>")).split("<tr", -1).length - 2;
    }
}
