package dev.keyportal.keyrequest;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.OpenRequests;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The requests waiting for approval, for the policy editor's preview (the policy module cannot see requests). */
@Component
class OpenRequestsForPolicy implements OpenRequests {

    private final JdbcTemplate jdbc;

    OpenRequestsForPolicy(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<OpenRequest> pendingApproval() {
        return jdbc.query("""
                select id, requester_id, team, models, max_budget, budget_duration, duration, rpm_limit, tpm_limit,
                       max_parallel_requests
                from key_request where status = ? order by created_at""",
                (rs, n) -> new OpenRequest(rs.getObject("id", UUID.class), rs.getObject("requester_id", UUID.class),
                        rs.getString("team"), new KeyTerms(models(rs), rs.getBigDecimal("max_budget"),
                                rs.getString("budget_duration"), rs.getString("duration"),
                                rs.getObject("rpm_limit", Integer.class), rs.getObject("tpm_limit", Integer.class),
                                rs.getObject("max_parallel_requests", Integer.class))),
                RequestStatus.PENDING_APPROVAL.name());
    }

    private static List<String> models(ResultSet rs) throws SQLException {
        Array array = rs.getArray("models");
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
