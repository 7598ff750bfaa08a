package dev.keyportal.keyrequest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Requests stored before approved_by was split keep who approved them: the words {@code policy} and
 * {@code rotation} become an approval kind, a person's LiteLLM user id stays.
 */
class ApprovalKindMigrationTests extends FullStackTest {

    @Test
    void existingRequestsGetTheirApprovalKindAndOnlyPeopleStayInApprovedBy() {
        String schema = "approval_kind_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            migrate(schema, "23");
            UUID person = UUID.randomUUID();
            jdbc.update("insert into " + schema + ".portal_user (id, issuer, subject, litellm_user_id, display_name,"
                    + " created_at, last_login_at) values (?, 'issuer', 'alice', 'alice@example.com', 'Alice', now(),"
                    + " now())", person);
            UUID policy = jdbc.queryForObject("select id from " + schema + ".key_policy where team is null",
                    UUID.class);
            insert(schema, person, policy, "auto", "ISSUED", "NEW_KEY", "policy");
            insert(schema, person, policy, "auto-increase", "ISSUED", "BUDGET_INCREASE", "policy");
            insert(schema, person, policy, "rotated", "ISSUED", "ROTATION", "rotation");
            insert(schema, person, policy, "by-bob", "APPROVED", "NEW_KEY", "bob@example.com");
            insert(schema, person, policy, "adopted", "ISSUED", "IMPORT", "admin@example.com");
            insert(schema, person, policy, "waiting", "PENDING_APPROVAL", "NEW_KEY", null);
            insert(schema, person, policy, "refused", "DENIED", "NEW_KEY", null);

            migrate(schema, "24");

            List<Map<String, Object>> rows = jdbc.queryForList("select key_alias, approval_kind, approved_by from "
                    + schema + ".key_request order by key_alias");
            assertThat(rows).extracting(row -> row.get("key_alias"), row -> row.get("approval_kind"),
                    row -> row.get("approved_by")).containsExactly(
                            tuple("adopted", "IMPORT", "admin@example.com"),
                            tuple("auto", "POLICY", null),
                            tuple("auto-increase", "POLICY", null),
                            tuple("by-bob", "PERSON", "bob@example.com"),
                            tuple("refused", null, null),
                            tuple("rotated", "ROTATION", null),
                            tuple("waiting", null, null));
        } finally {
            jdbc.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private void migrate(String schema, String version) {
        Flyway.configure().dataSource(jdbc.getDataSource()).schemas(schema).locations("classpath:db/migration")
                .target(version).load().migrate();
    }

    private void insert(String schema, UUID requester, UUID policy, String alias, String status, String kind,
            String approvedBy) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into " + schema + ".key_request (id, requester_id, submission_id, status, kind, key_alias,"
                + " purpose, models, max_budget, policy_id, policy_version, litellm_alias, created_at, updated_at,"
                + " asked_models, asked_max_budget, approved_by) values (?, ?, ?, ?, ?, ?, 'work', '{gpt-4o-mini}',"
                + " 10, ?, 1, ?, now(), now(), '{gpt-4o-mini}', 10, ?)", id, requester, UUID.randomUUID(), status,
                kind, alias, policy, "kp-" + id, approvedBy);
    }
}
