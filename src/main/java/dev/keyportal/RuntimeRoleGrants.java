package dev.keyportal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Two database roles: Flyway migrates as the owner ({@code spring.flyway.user}), the portal runs as the runtime
 * role ({@code spring.datasource.username}). After every migration this grants the runtime role what the portal
 * needs on every table and sequence, except that on {@code audit_event} it may only INSERT and SELECT: the
 * application itself cannot rewrite or remove its audit trail (retention removes old events only through the
 * owner's {@code audit_prune} function, which it may execute, under the limits the owner's
 * {@code audit_prune_policy} sets). With one role for both (no
 * {@code spring.flyway.user}, or the same name) there is nothing to grant and nothing changes.
 */
@Component
public class RuntimeRoleGrants implements Callback {

    private final String runtimeRole;
    private final String ownerRole;

    RuntimeRoleGrants(@Value("${spring.datasource.username:}") String runtimeRole,
            @Value("${spring.flyway.user:}") String ownerRole) {
        this.runtimeRole = runtimeRole;
        this.ownerRole = ownerRole;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE && !ownerRole.isBlank() && !runtimeRole.isBlank()
                && !ownerRole.equalsIgnoreCase(runtimeRole);
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            grant(context.getConnection(), runtimeRole);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not grant the runtime role " + runtimeRole + " its privileges: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "runtime-role-grants";
    }

    /** Grants {@code role} the runtime privileges, on a connection of the tables' owner; safe to repeat. */
    public static void grant(Connection owner, String role) throws SQLException {
        String who = '"' + role.replace("\"", "\"\"") + '"';
        try (Statement sql = owner.createStatement()) {
            sql.execute("grant usage on schema public to " + who);
            sql.execute("grant select, insert, update, delete on all tables in schema public to " + who);
            sql.execute("grant usage, select, update on all sequences in schema public to " + who);
            sql.execute("revoke update, delete, truncate, references, trigger on audit_event from " + who);
            sql.execute("grant select, insert on audit_event to " + who);
            sql.execute("revoke insert, update, delete, truncate on flyway_schema_history from " + who);
            // events leave the trail only through audit_prune (export first, a prefix ending at a checkpoint)
            sql.execute("revoke insert, update, delete, truncate on audit_prune_policy from " + who);
            sql.execute("grant execute on function audit_prune(bigint) to " + who);
        }
    }
}
