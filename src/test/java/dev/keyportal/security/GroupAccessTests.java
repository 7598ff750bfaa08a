package dev.keyportal.security;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an allow-list only members of its groups (and approvers and admins) may use the portal; groups sent as
 * paths match a configured path exactly and a configured plain name by their last segment.
 */
@TestPropertySource(properties = "portal.allowed-groups=/org/portal-users, employees")
class GroupAccessTests extends FullStackTest {

    @Test
    void someoneInNoAllowedGroupIsRefusedWithAPageAndLeavesNoRecord() {
        for (String outsider : List.of(uniquePerson("outsider"), "olga")) {
            PortalClient browser = PortalClient.at(port);
            Page login = browser.get("/");

            Page refused = browser.postRaw(login.uri().toString(), Map.of("username", List.of(outsider)));

            assertThat(refused.uri().getPath()).as(outsider).isEqualTo("/login/problem");
            assertThat(refused.text()).as(outsider).contains("not in a group that may use the Key Portal");
            assertThat(browser.getWithoutRedirects("/keys").status()).as(outsider).isEqualTo(302);
            assertThat(jdbc.queryForObject("select count(*) from portal_user where subject = ?", Integer.class,
                    outsider)).as(outsider).isZero();
            assertThat(jdbc.queryForObject("""
                    select count(*) from audit_event where action = 'user.sign_in_refused' and subject_type = 'IDENTITY'
                    and after_value like '%"reason":"not_allowed"%' and after_value like ?""", Integer.class,
                    "%\"subject\":\"" + outsider + "\"%")).as(outsider).isEqualTo(1);
        }
    }

    @Test
    void allowedGroupsMatchByFullPathOrByPlainName() {
        PortalClient paula = signedIn("paula");
        assertThat(paula.get("/keys").status()).as("a configured path matches the whole path").isEqualTo(200);

        PortalClient alice = signedIn("alice");
        assertThat(alice.get("/keys").status()).isEqualTo(200);
        assertThat(alice.get("/admin/keys").status()).isEqualTo(403);

        PortalClient nina = signedIn("nina");
        assertThat(nina.get("/keys").status()).as("a plain name matches a path's last segment").isEqualTo(200);

        PortalClient bob = signedIn("bob");
        assertThat(bob.get("/approvals").status()).as("approvers are always let in").isEqualTo(200);
        PortalClient pete = signedIn("pete");
        assertThat(pete.get("/admin/keys").status()).as("admins are always let in").isEqualTo(200);
    }
}
