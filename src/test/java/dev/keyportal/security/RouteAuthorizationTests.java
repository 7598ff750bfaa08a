package dev.keyportal.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object-level authorization (docs/architecture.md, security rules): every route of the application, walked as
 * anonymous, the owner, another employee, an approver (the owner's team) and an admin. The table fails the test
 * when a route is added without a row here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteAuthorizationTests extends FullStackTest {

    /** Expected status for: anonymous, owner, other employee, approver, admin. 302 for anonymous = sign-in. */
    private static final Map<String, int[]> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("GET /", new int[] {302, 200, 200, 200, 200});
        TABLE.put("GET /keys", new int[] {302, 200, 200, 200, 200});
        TABLE.put("GET /keys/new", new int[] {302, 200, 200, 200, 200});
        TABLE.put("POST /keys", new int[] {403, 422, 422, 422, 422});
        TABLE.put("GET /keys/{id}", new int[] {302, 200, 404, 404, 200});
        TABLE.put("POST /keys/refresh", new int[] {403, 302, 302, 302, 302});
        TABLE.put("POST /keys/{id}/budget", new int[] {403, 302, 404, 404, 404});
        TABLE.put("POST /keys/{id}/rotate", new int[] {403, 302, 404, 404, 404});
        TABLE.put("POST /keys/{id}/revoke", new int[] {403, 302, 404, 404, 302});
        TABLE.put("GET /requests", new int[] {302, 200, 200, 200, 200});
        TABLE.put("GET /requests/{id}", new int[] {302, 200, 404, 404, 200});
        TABLE.put("POST /requests/{id}/issue", new int[] {403, 409, 404, 404, 404});
        TABLE.put("POST /requests/{id}/cancel", new int[] {403, 302, 404, 404, 404});
        TABLE.put("GET /approvals", new int[] {302, 403, 403, 200, 200});
        TABLE.put("GET /approvals/{id}", new int[] {302, 403, 403, 200, 200});
        TABLE.put("POST /approvals/{id}/approve", new int[] {403, 403, 403, 409, 409});
        TABLE.put("POST /approvals/{id}/deny", new int[] {403, 403, 403, 409, 409});
        TABLE.put("GET /admin/keys", new int[] {302, 403, 403, 403, 200});
        TABLE.put("POST /admin/keys/{id}/block", new int[] {403, 403, 403, 403, 302});
        TABLE.put("POST /admin/keys/{id}/unblock", new int[] {403, 403, 403, 403, 302});
        TABLE.put("GET /admin/policies", new int[] {302, 403, 403, 403, 200});
        TABLE.put("POST /admin/policies/teams", new int[] {403, 403, 403, 403, 422});
        TABLE.put("GET /admin/policies/{id}", new int[] {302, 403, 403, 403, 200});
        TABLE.put("POST /admin/policies/{id}", new int[] {403, 403, 403, 403, 422});
        TABLE.put("POST /admin/policies/{id}/preview", new int[] {403, 403, 403, 403, 422});
        TABLE.put("GET /admin/users", new int[] {302, 403, 403, 403, 200});
        TABLE.put("GET /admin/audit", new int[] {302, 403, 403, 403, 200});
        TABLE.put("GET /admin/audit/export.{format}", new int[] {302, 403, 403, 403, 200});
        TABLE.put("POST /admin/audit/verify", new int[] {403, 403, 403, 403, 302});
        TABLE.put("GET /admin/import", new int[] {302, 403, 403, 403, 200});
        TABLE.put("GET /spend", new int[] {302, 200, 200, 200, 200});
        TABLE.put("GET /admin/spend", new int[] {302, 403, 403, 403, 200});
        TABLE.put("GET /admin/spend.csv", new int[] {302, 403, 403, 403, 200});
        TABLE.put("GET /admin/unsettled", new int[] {302, 403, 403, 403, 200});
        TABLE.put("POST /admin/import", new int[] {403, 403, 403, 403, 302});
        TABLE.put("POST /admin/users/{id}/offboard", new int[] {403, 403, 403, 403, 302});
        TABLE.put("POST /admin/users/{id}/enable", new int[] {403, 403, 403, 403, 302});
        TABLE.put("GET /admin/users/{id}/rebind", new int[] {302, 403, 403, 403, 404});
        TABLE.put("POST /admin/users/{id}/rebind", new int[] {403, 403, 403, 403, 404});
        TABLE.put("GET /login/problem", new int[] {200, 200, 200, 200, 200});
        TABLE.put("GET /signed-out", new int[] {200, 200, 200, 200, 200});
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Offboarding is tried on nobody: an empty form is refused before anything is looked up. */
    private static final String UUID_OF_NOBODY = "00000000-0000-0000-0000-000000000000";

    /** The seeded global policy; the table only posts empty forms to it, which are refused unchanged. */
    private static final String GLOBAL_POLICY = "00000000-0000-0000-0000-000000000001";

    private final List<PortalClient> personas = new ArrayList<>();
    private String keyId;
    private String issuedRequestId;
    private String decidedRequestId;

    @BeforeAll
    void personasAndTheirObjects() {
        PortalClient owner = signedIn("alice");
        owner.post("/keys", form("table-" + System.nanoTime()));
        issuedRequestId = latestRequestOfAlice();
        keyId = jdbc.queryForObject("select id::text from issued_key where request_id = ?::uuid", String.class,
                issuedRequestId);
        Map<String, List<String>> above = form("table-decided-" + System.nanoTime());
        above.put("max_budget", List.of("30"));
        owner.post("/keys", above);
        decidedRequestId = latestRequestOfAlice();
        signedIn("carol").post("/approvals/" + decidedRequestId + "/deny", Map.of("reason", List.of("table")));
        personas.add(PortalClient.at(port));
        personas.add(owner);
        personas.add(signedIn(uniquePerson("other")));
        personas.add(signedIn("bob"));
        personas.add(signedIn("carol"));
    }

    @Test
    void everyRouteOfTheApplicationIsInTheTable() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackageName().startsWith("dev.keyportal")) {
                for (String path : info.getPatternValues()) {
                    info.getMethodsCondition().getMethods().forEach(verb -> routes.add(verb + " " + path));
                }
            }
        });
        assertThat(TABLE.keySet()).containsAll(routes);
    }

    @Test
    void everyPersonaGetsWhatTheTableSays() {
        List<String> mismatches = new ArrayList<>();
        TABLE.forEach((route, expected) -> {
            String[] parts = route.split(" ", 2);
            String path = parts[1].replace("/admin/users/{id}", "/admin/users/" + UUID_OF_NOBODY)
                    .replace("/admin/policies/{id}", "/admin/policies/" + GLOBAL_POLICY)
                    .replace("/admin/keys/{id}", "/admin/keys/" + keyId)
                    .replace("/keys/{id}", "/keys/" + keyId)
                    .replace("/requests/{id}", "/requests/" + issuedRequestId)
                    .replace("/approvals/{id}", "/approvals/" + decidedRequestId)
                    .replace("export.{format}", "export.jsonl");
            for (int persona = 0; persona < personas.size(); persona++) {
                PortalClient client = personas.get(persona);
                Page page = parts[0].equals("GET") ? client.getWithoutRedirects(path)
                        : persona == 0 ? client.postRaw(path, Map.of())
                        : client.postWithoutRedirects(path, Map.of());
                if (page.status() != expected[persona]) {
                    mismatches.add(route + " as " + List.of("anonymous", "owner", "other", "approver", "admin")
                            .get(persona) + ": expected " + expected[persona] + " but was " + page.status());
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }

    private String latestRequestOfAlice() {
        return jdbc.queryForObject("""
                select r.id::text from key_request r join portal_user u on u.id = r.requester_id
                where u.subject = 'alice' order by r.created_at desc limit 1""", String.class);
    }
}
