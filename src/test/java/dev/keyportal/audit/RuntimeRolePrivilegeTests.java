package dev.keyportal.audit;

import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.keyportal.RuntimeRoleGrants;
import dev.keyportal.testsupport.FullStackTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Append-only by privilege: the runtime role, given its privileges the way they are after every migration, writes
 * and reads the audit trail but can neither change nor remove a row, even with the append-only trigger switched
 * off (which only the owner can do). It still writes the other tables.
 */
class RuntimeRolePrivilegeTests extends FullStackTest {

    private static final String ROLE = "keyportal_runtime_" + ProcessHandle.current().pid();

    @Autowired
    DataSource ownerDataSource;

    private JdbcTemplate runtime;
    private TransactionTemplate runtimeTransaction;

    @BeforeEach
    void createRuntimeRole() throws Exception {
        jdbc.execute("drop role if exists " + ROLE);
        jdbc.execute("create role " + ROLE + " login password 'runtime'");
        String url;
        try (Connection owner = ownerDataSource.getConnection()) {
            RuntimeRoleGrants.grant(owner, ROLE);
            url = owner.getMetaData().getURL();
        }
        DriverManagerDataSource asRuntime = new DriverManagerDataSource(url, ROLE, "runtime");
        runtime = new JdbcTemplate(asRuntime);
        runtimeTransaction = new TransactionTemplate(new DataSourceTransactionManager(asRuntime));
    }

    @AfterEach
    void dropRuntimeRole() {
        jdbc.execute("drop owned by " + ROLE);
        jdbc.execute("drop role " + ROLE);
    }

    @Test
    void theRuntimeRoleAppendsAndReadsTheTrailButCannotUpdateOrDeleteIt() {
        AuditTrail trail = new AuditTrail(runtime, Clock.systemUTC());
        UUID request = UUID.randomUUID();
        runtimeTransaction.executeWithoutResult(status -> trail.record(AuditEntry.of(null, "runtime", "test.runtime",
                "TEST", "1", request, null, Map.of("n", 1))));
        assertThat(trail.forRequest(request)).hasSize(1);

        assertThatThrownBy(() -> runtime.update("update audit_event set actor_name = 'someone else' where request_id = ?",
                request)).rootCause().hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> runtime.update("delete from audit_event where request_id = ?", request))
                .rootCause().hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> runtime.execute("truncate audit_event"))
                .rootCause().hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> runtime.execute("alter table audit_event disable trigger audit_event_no_update_delete"))
                .rootCause().hasMessageContaining("must be owner of table audit_event");
        assertThatThrownBy(() -> runtime.update("delete from flyway_schema_history where false"))
                .rootCause().hasMessageContaining("permission denied");

        assertThat(jdbc.queryForObject("select actor_name from audit_event where request_id = ?", String.class,
                request)).isEqualTo("runtime");
        // the rest of the portal's tables stay writable
        assertThat(runtime.update("update audit_verification set verified_at = verified_at where id = 1")).isOne();
        assertThat(runtime.update("delete from shedlock where name = 'no-such-job'")).isZero();
    }
}
