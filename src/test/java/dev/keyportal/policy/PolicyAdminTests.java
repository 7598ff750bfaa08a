package dev.keyportal.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' policy editor, end to end. Edits go to team overrides for teams no other test uses (people join
 * them by a direct update of their portal_user row), so the global policy other tests rely on never changes.
 */
class PolicyAdminTests extends FullStackTest {

    private static final String GLOBAL = "00000000-0000-0000-0000-000000000001";
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>");

    @Test
    void employeesAreRefusedEveryPolicyRoute() {
        PortalClient employee = signedIn(uniquePerson("emp"));
        String team = uniqueTeam();

        assertThat(employee.getWithoutRedirects("/admin/policies").status()).isEqualTo(403);
        assertThat(employee.getWithoutRedirects("/admin/policies/" + GLOBAL).status()).isEqualTo(403);
        assertThat(employee.postWithoutRedirects("/admin/policies/teams", Map.of("team", List.of(team))).status())
                .isEqualTo(403);
        Map<String, List<String>> form = formOf(signedIn("carol").get("/admin/policies/" + GLOBAL));
        form.put("ceiling_max_budget", List.of("1"));
        assertThat(employee.postWithoutRedirects("/admin/policies/" + GLOBAL, form).status()).isEqualTo(403);
        assertThat(employee.postWithoutRedirects("/admin/policies/" + GLOBAL + "/preview", form).status())
                .isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from key_policy where team = ?", Integer.class, team))
                .isZero();
        assertThat(jdbc.queryForObject("select ceiling_max_budget::text from key_policy where team is null",
                String.class)).isEqualTo("25.00");
    }

    @Test
    void adminSeesThePoliciesAndAddsATeamOverrideAsACopyOfTheGlobalPolicy() {
        PortalClient carol = signedIn("carol");
        String team = uniqueTeam();

        Page list = carol.get("/admin/policies");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("Global", "$10.00 · $25.00 · $500.00", "premium-models",
                "Add a team override");
        assertThat(list.body()).contains("href=\"/admin/policies/" + GLOBAL + "\"");

        Page created = carol.post("/admin/policies/teams", Map.of("team", List.of("  " + team + " ")));

        String id = policyIdOf(team);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.uri().getPath()).isEqualTo("/admin/policies/" + id);
        assertThat(created.text()).contains("Policy of team " + team, "version 1", "copy of the global one");
        Map<String, Object> row = jdbc.queryForMap("select * from key_policy where id = ?::uuid", id);
        assertThat(row.get("policy_version")).isEqualTo(1);
        assertThat(row.get("ceiling_max_budget").toString()).isEqualTo("25.00");
        assertThat(row.get("bound_duration")).isEqualTo("365d");
        assertThat(jdbc.queryForObject("select changed_by_name from key_policy_version where policy_id = ?::uuid"
                + " and policy_version = 1", String.class, id)).isEqualTo("Carol Clark");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'policy.created'"
                + " and subject_type = 'POLICY' and subject_id = ?", Integer.class, id)).isOne();
        assertThat(carol.get("/admin/policies").text()).contains("Team " + team);
    }

    @Test
    void refusesADuplicateOrMalformedTeamNameBesideTheField() {
        PortalClient carol = signedIn("carol");
        String team = uniqueTeam();
        carol.post("/admin/policies/teams", Map.of("team", List.of(team)));

        for (String bad : List.of(team, "", "   ", "x".repeat(129), "bell\u0007team", "new\nline",
                "rtl\u202Eoverride")) {
            Page page = carol.post("/admin/policies/teams", Map.of("team", List.of(bad)));
            assertThat(page.status()).as(bad).isEqualTo(422);
            assertThat(page.body()).as(bad).contains("id=\"team-error\"").contains("aria-describedby=\"team-hint team-error\"");
        }
        assertThat(carol.post("/admin/policies/teams", Map.of("team", List.of(team))).text())
                .contains("already has its own policy");
        Page markup = carol.post("/admin/policies/teams", Map.of("team", List.of("<script>alert(1)</script>"
                + "x".repeat(120))));
        assertThat(markup.status()).isEqualTo(422);
        assertThat(markup.body()).doesNotContain("<script>alert(1)</script>");
        assertThat(jdbc.queryForObject("select count(*) from key_policy where team = ?", Integer.class, team))
                .isOne();
    }

    @Test
    void aLowerTeamCeilingDecidesHowTheTeamsNextRequestIsJudged() {
        PortalClient carol = signedIn("carol");
        String team = uniqueTeam();
        String id = createOverride(carol, team);
        String person = uniquePerson("member");
        PortalClient member = signedIn(person);
        joinTeam(person, team);

        Map<String, List<String>> form = formOf(carol.get("/admin/policies/" + id));
        form.put("default_max_budget", List.of("5"));
        form.put("ceiling_max_budget", List.of("5"));
        Page saved = carol.post("/admin/policies/" + id, form);
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.text()).contains("Saved as version 2");

        Map<String, List<String>> eight = form("eight-" + System.nanoTime());
        eight.put("max_budget", List.of("8"));
        member.post("/keys", eight);
        Map<String, List<String>> four = form("four-" + System.nanoTime());
        four.put("max_budget", List.of("4"));
        Page issued = member.post("/keys", four);

        assertThat(requestStatus(eight.get("key_alias").get(0), person)).isEqualTo("PENDING_APPROVAL");
        assertThat(issued.status()).isEqualTo(200);
        assertThat(requestStatus(four.get("key_alias").get(0), person)).isEqualTo("ISSUED");
        assertThat(jdbc.queryForList("""
                select r.policy_id::text || ' v' || r.policy_version from key_request r
                join portal_user u on u.id = r.requester_id where u.subject = ?""", String.class, person))
                .containsOnly(id + " v2");
        assertThat(member.get("/keys/new").text()).contains("auto-approved up to $5.00");
        cancelPendingOf(member, person);
    }

    @Test
    void aModelThatNeedsApprovalByNameCannotBeHadWithoutApprovalThroughItsAccessGroup() {
        PortalClient carol = signedIn("carol");
        String team = uniqueTeam();
        String id = createOverride(carol, team);
        String person = uniquePerson("grouper");
        PortalClient member = signedIn(person);
        joinTeam(person, team);
        Map<String, List<String>> form = formOf(carol.get("/admin/policies/" + id));
        form.put("approval_models", List.of("gpt-4o"));
        assertThat(carol.post("/admin/policies/" + id, form).text()).contains("Saved as version 2");
        long generatesBefore = liteLlm.callCount("/key/generate");

        assertThat(member.get("/keys/new").body()).containsPattern("id=\"group-premium-models\"[^>]*"
                + "data-needs-approval=\"true\"|data-needs-approval=\"true\"[^>]*id=\"group-premium-models\"");
        Map<String, List<String>> viaGroup = form("via-group-" + System.nanoTime());
        viaGroup.put("models", List.of("premium-models"));
        Page page = member.post("/keys", viaGroup);

        assertThat(page.text()).contains("PENDING APPROVAL", "premium-models (includes gpt-4o) needs approval");
        assertThat(requestStatus(viaGroup.get("key_alias").get(0), person)).isEqualTo("PENDING_APPROVAL");
        assertThat(liteLlm.callCount("/key/generate")).isEqualTo(generatesBefore);
        cancelPendingOf(member, person);
    }

    @Test
    void everySaveIsANewVersionWithAHistoryRowAndAnAuditEvent() {
        PortalClient carol = signedIn("carol");
        String id = createOverride(carol, uniqueTeam());
        Map<String, List<String>> form = formOf(carol.get("/admin/policies/" + id));
        form.put("ceiling_max_budget", List.of("20"));
        form.put("forbidden_models", List.of("claude-opus"));

        carol.post("/admin/policies/" + id, form);

        assertThat(jdbc.queryForObject("select policy_version from key_policy where id = ?::uuid", Integer.class, id))
                .isEqualTo(2);
        assertThat(jdbc.queryForList("select policy_version || ' ' || changed_by_name from key_policy_version"
                + " where policy_id = ?::uuid order by policy_version", String.class, id))
                .containsExactly("1 Carol Clark", "2 Carol Clark");
        assertThat(jdbc.queryForObject("select snapshot->>'ceiling_max_budget' from key_policy_version"
                + " where policy_id = ?::uuid and policy_version = 2", String.class, id)).isEqualTo("20.00");
        Map<String, Object> event = jdbc.queryForMap("select actor_name, before_value, after_value from audit_event"
                + " where action = 'policy.changed' and subject_type = 'POLICY' and subject_id = ?", id);
        assertThat(event.get("actor_name")).isEqualTo("Carol Clark");
        assertThat(jdbc.queryForList("select (v::jsonb)->>'ceiling_max_budget' || ' v' || ((v::jsonb)->>'policy_version')"
                + " || ' ' || ((v::jsonb)->>'forbidden_models') from (values (?), (?)) as t(v)", String.class,
                event.get("before_value"), event.get("after_value")))
                .containsExactly("25.00 v1 []", "20.00 v2 [\"claude-opus\"]");

        Page page = carol.get("/admin/policies/" + id);
        assertThat(page.text()).contains("version 2");
        assertThat(page.body()).contains("id=\"history\"");

        Page unchanged = carol.post("/admin/policies/" + id, formOf(page));
        assertThat(unchanged.text()).contains("Nothing changed");
        assertThat(jdbc.queryForObject("select policy_version from key_policy where id = ?::uuid", Integer.class, id))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from key_policy_version where policy_id = ?::uuid",
                Integer.class, id)).isEqualTo(2);
    }

    @Test
    void theGlobalPolicyHasItsFirstVersionInTheHistoryAndSavingItUnchangedChangesNothing() {
        PortalClient carol = signedIn("carol");
        int before = jdbc.queryForObject("select policy_version from key_policy where team is null", Integer.class);
        assertThat(jdbc.queryForObject("select count(*) from key_policy_version where policy_id = ?::uuid"
                + " and policy_version = 1", Integer.class, GLOBAL)).isOne();

        Page page = carol.get("/admin/policies/" + GLOBAL);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Global policy", "gpt-4o-mini", "premium-models");
        Map<String, List<String>> form = formOf(page);
        assertThat(form.get("approval_models")).containsExactly("premium-models");
        assertThat(form.get("ceiling_max_budget")).containsExactly("25.00");
        assertThat(form.get("require_expiry")).containsExactly("true");

        Page saved = carol.post("/admin/policies/" + GLOBAL, form);
        assertThat(saved.text()).contains("Nothing changed");
        assertThat(jdbc.queryForObject("select policy_version from key_policy where team is null", Integer.class))
                .isEqualTo(before);
    }

    @Test
    void refusesIncoherentValuesBesideTheFieldsAndSavesNothing() {
        PortalClient carol = signedIn("carol");
        String id = createOverride(carol, uniqueTeam());
        Map<String, List<String>> valid = formOf(carol.get("/admin/policies/" + id));
        List<List<String>> cases = List.of(
                List.of("ceiling_max_budget", "600", "ceiling_max_budget", "above the hard bound ($500.00)"),
                List.of("default_max_budget", "30", "default_max_budget", "above the auto-approve ceiling"),
                List.of("ceiling_max_budget", "-5", "ceiling_max_budget", "No negative amounts"),
                List.of("bound_rpm_limit", "-1", "bound_rpm_limit", "No negative limits"),
                List.of("default_max_budget", "0", "default_max_budget", "more than $0"),
                List.of("default_max_budget", "1,000", "default_max_budget", "no thousands separators"),
                List.of("default_max_budget", "abc", "default_max_budget", "Enter a number"),
                // a number that was read is shown as read: the same amount, in Java's spelling
                List.of("default_max_budget", "1e400", "default_max_budget", "", "1E+400"),
                List.of("default_max_budget", "10.005", "default_max_budget", "two decimals"),
                List.of("ceiling_rpm_limit", "99999999999", "ceiling_rpm_limit", "whole number"),
                List.of("ceiling_rpm_limit", "7000", "ceiling_rpm_limit", "above the hard bound (6000)"),
                List.of("default_rpm_limit", "", "default_rpm_limit", "Set a default"),
                List.of("ceiling_duration", "ninety", "ceiling_duration", "does not understand words such as"),
                List.of("default_budget_duration", "monthly", "default_budget_duration",
                        "reset the budget every midnight. Use 30d or 1mo instead"),
                List.of("bound_duration", "30", "bound_duration", "whole number and a unit"),
                List.of("default_duration", "", "default_duration", "Enter a lifetime"),
                List.of("ceiling_duration", "400d", "ceiling_duration", "above the hard bound (365d)"),
                List.of("default_budget_duration", "2mo", "default_budget_duration", "at most monthly"),
                List.of("default_budget_duration", "1d", "default_budget_duration", "more often than auto-approve"),
                List.of("bound_budget_duration", "30d", "ceiling_budget_duration", "shorter than the hard minimum"),
                List.of("default_models", "no-such-model", "default_models", "offers no model or access group"),
                List.of("default_models", "*", "default_models", "letters, digits"),
                List.of("default_models", "gpt-4o", "default_models", "Needs approval: gpt-4o (through premium-models)"),
                List.of("forbidden_models", "premium-models", "forbidden_models", "both as needing approval"),
                List.of("max_keys_per_person", "0", "max_keys_per_person", "at least 1"),
                List.of("max_total_budget_per_person", "5", "max_total_budget_per_person", "At least the default"),
                List.of("default_duration", "<script>alert(1)</script>", "default_duration", ""));

        for (List<String> c : cases) {
            Map<String, List<String>> form = new LinkedHashMap<>(valid);
            form.put(c.get(0), List.of(c.get(1)));
            Page page = carol.post("/admin/policies/" + id, form);
            assertThat(page.status()).as(c.toString()).isEqualTo(422);
            assertThat(page.body()).as(c.toString()).contains("id=\"" + c.get(2) + "-error\"")
                    .contains(c.get(2) + "-hint " + c.get(2) + "-error\"")
                    .doesNotContain("<script>alert(1)</script>");
            assertThat(page.text()).as(c.toString()).contains(c.get(3)).contains("Nothing was saved");
            assertThat(formOf(page).get(c.get(0))).as("input shown again: " + c)
                    .containsExactly(c.size() > 4 ? c.get(4) : c.get(1));
        }
        Map<String, List<String>> both = new LinkedHashMap<>(valid);
        both.put("default_models", List.of("gpt-4o-mini"));
        both.put("forbidden_models", List.of("gpt-4o-mini"));
        assertThat(carol.post("/admin/policies/" + id, both).text()).contains("both a default and forbidden");
        Map<String, List<String>> noVersion = new LinkedHashMap<>(valid);
        noVersion.remove("version");
        assertThat(carol.post("/admin/policies/" + id, noVersion).status()).isEqualTo(422);

        assertThat(jdbc.queryForObject("select policy_version from key_policy where id = ?::uuid", Integer.class, id))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from key_policy_version where policy_id = ?::uuid",
                Integer.class, id)).isOne();
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'policy.changed'"
                + " and subject_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void aSaveBasedOnAStaleVersionIsRefusedShowingTheirValuesAndKeepingTheInput() {
        PortalClient first = signedIn("carol");
        PortalClient second = signedIn("carol");
        String id = createOverride(first, uniqueTeam());
        Map<String, List<String>> firstForm = formOf(first.get("/admin/policies/" + id));
        Map<String, List<String>> secondForm = formOf(second.get("/admin/policies/" + id));
        assertThat(secondForm.get("version")).isEqualTo(firstForm.get("version"));

        firstForm.put("ceiling_max_budget", List.of("20"));
        assertThat(first.post("/admin/policies/" + id, firstForm).text()).contains("Saved as version 2");
        secondForm.put("ceiling_max_budget", List.of("30"));
        secondForm.put("bound_max_budget", List.of("400"));
        Page refused = second.post("/admin/policies/" + id, secondForm);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("Carol Clark changed this policy at", "while you were editing",
                "Nothing of yours was saved", "Budget: auto-approve ceiling $20.00 $30.00",
                "Budget: hard bound $500.00 $400.00");
        Map<String, List<String>> shownAgain = formOf(refused);
        assertThat(shownAgain.get("ceiling_max_budget")).containsExactly("30");
        assertThat(shownAgain.get("bound_max_budget")).containsExactly("400");
        assertThat(shownAgain.get("version")).isNotEqualTo(secondForm.get("version"));
        assertThat(jdbc.queryForObject("select ceiling_max_budget::text || ' ' || bound_max_budget::text || ' v'"
                + " || policy_version from key_policy where id = ?::uuid", String.class, id))
                .isEqualTo("20.00 500.00 v2");

        Page reapplied = second.post("/admin/policies/" + id, shownAgain);
        assertThat(reapplied.text()).contains("Saved as version 3");
        assertThat(jdbc.queryForObject("select ceiling_max_budget::text || ' ' || bound_max_budget::text"
                + " from key_policy where id = ?::uuid", String.class, id)).isEqualTo("30.00 400.00");
        assertThat(first.post("/admin/policies/" + id, firstForm).status()).isEqualTo(409);
    }

    @Test
    void twoSavesAtTheSameMomentOnTheSameVersionSaveOnlyOne() throws Exception {
        PortalClient first = signedIn("carol");
        PortalClient second = signedIn("carol");
        String id = createOverride(first, uniqueTeam());
        Map<String, List<String>> firstForm = formOf(first.get("/admin/policies/" + id));
        Map<String, List<String>> secondForm = formOf(second.get("/admin/policies/" + id));
        firstForm.put("ceiling_max_budget", List.of("21"));
        secondForm.put("ceiling_max_budget", List.of("22"));
        List<Page> pages = AtOnce.run(() -> first.post("/admin/policies/" + id, firstForm),
                () -> second.post("/admin/policies/" + id, secondForm));

        assertThat(pages).extracting(Page::status).containsExactlyInAnyOrder(200, 409);
        assertThat(jdbc.queryForObject("select policy_version from key_policy where id = ?::uuid", Integer.class, id))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from key_policy_version where policy_id = ?::uuid",
                Integer.class, id)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'policy.changed'"
                + " and subject_id = ?", Integer.class, id)).isOne();
    }

    @Test
    void previewCountsHowPendingRequestsWouldMoveBetweenBandsAndSavesNothing() {
        PortalClient carol = signedIn("carol");
        String team = uniqueTeam();
        String id = createOverride(carol, team);
        List<PortalClient> members = new ArrayList<>();
        List<String> people = new ArrayList<>();
        for (String budget : List.of("30", "100", "300")) {
            String person = uniquePerson("waiting");
            PortalClient member = signedIn(person);
            joinTeam(person, team);
            Map<String, List<String>> request = form("preview-" + budget);
            request.put("max_budget", List.of(budget));
            member.post("/keys", request);
            assertThat(requestStatus("preview-" + budget, person)).isEqualTo("PENDING_APPROVAL");
            members.add(member);
            people.add(person);
        }
        Map<String, List<String>> form = formOf(carol.get("/admin/policies/" + id));
        form.put("ceiling_max_budget", List.of("50"));
        form.put("bound_max_budget", List.of("200"));

        Page preview = carol.post("/admin/policies/" + id + "/preview", form);

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.text()).contains("3 pending requests: 1 would now be auto-approved, 1 still need approval,"
                + " 1 would be refused.", "Per-person caps not counted", "nothing is saved yet");
        assertThat(formOf(preview).get("ceiling_max_budget")).containsExactly("50");
        assertThat(jdbc.queryForObject("select policy_version from key_policy where id = ?::uuid", Integer.class, id))
                .isEqualTo(1);

        Page unchanged = carol.post("/admin/policies/" + id + "/preview", formOf(carol.get("/admin/policies/" + id)));
        assertThat(unchanged.text()).contains("3 pending requests: 0 would now be auto-approved, 3 still need"
                + " approval, 0 would be refused.", "No pending request would change band");

        Map<String, List<String>> invalid = new LinkedHashMap<>(form);
        invalid.put("ceiling_max_budget", List.of("900"));
        Page refused = carol.post("/admin/policies/" + id + "/preview", invalid);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"ceiling_max_budget-error\"").doesNotContain("id=\"preview\"");

        for (int i = 0; i < members.size(); i++) {
            cancelPendingOf(members.get(i), people.get(i));
        }
    }

    @Test
    void aPolicyThatDoesNotExistIsNotFound() {
        PortalClient carol = signedIn("carol");
        String missing = UUID.randomUUID().toString();
        Map<String, List<String>> form = formOf(carol.get("/admin/policies/" + GLOBAL));

        assertThat(carol.get("/admin/policies/" + missing).status()).isEqualTo(404);
        assertThat(carol.post("/admin/policies/" + missing, form).status()).isEqualTo(404);
        assertThat(carol.post("/admin/policies/" + missing + "/preview", form).status()).isEqualTo(404);
        assertThat(carol.get("/admin/policies/not-a-uuid").status()).isLessThan(500);
    }

    private String createOverride(PortalClient admin, String team) {
        Page page = admin.post("/admin/policies/teams", Map.of("team", List.of(team)));
        assertThat(page.status()).isEqualTo(200);
        return policyIdOf(team);
    }

    private String policyIdOf(String team) {
        return jdbc.queryForObject("select id::text from key_policy where team = ?", String.class, team);
    }

    /** The person's team as if the team claim said so (until their next sign-in). */
    private void joinTeam(String person, String team) {
        assertThat(jdbc.update("update portal_user set team = ? where subject = ?", team, person)).isOne();
    }

    private void cancelPendingOf(PortalClient client, String person) {
        for (String request : jdbc.queryForList("""
                select r.id::text from key_request r join portal_user u on u.id = r.requester_id
                where u.subject = ? and r.status = 'PENDING_APPROVAL'""", String.class, person)) {
            client.post("/requests/" + request + "/cancel", Map.of());
        }
    }

    private static String uniqueTeam() {
        return "policy-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The policy form as the page renders it: every input's value, checked checkboxes only, no CSRF token. */
    private static Map<String, List<String>> formOf(Page page) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        Matcher inputs = INPUT.matcher(page.body());
        while (inputs.find()) {
            String tag = inputs.group();
            String name = attribute(tag, "name");
            if (name == null || name.equals("_csrf") || name.equals("team")) {
                continue;
            }
            boolean checkbox = "checkbox".equals(attribute(tag, "type"));
            if (checkbox && !tag.matches("(?s).*\\schecked(=\"checked\")?[\\s>/].*")) {
                form.computeIfAbsent(name, n -> new ArrayList<>());
                continue;
            }
            String value = attribute(tag, "value");
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value == null ? "" : value);
        }
        return form;
    }

    private static String attribute(String tag, String name) {
        Matcher value = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
        return value.find() ? value.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&") : null;
    }
}
