package dev.keyportal.policy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** {@code key_policy_version}: every version of every policy, with its values as JSON. Rows are only added. */
@Repository
class PolicyHistory {

    private static final RowMapper<PolicyChange> CHANGE = (rs, n) -> new PolicyChange(rs.getInt("policy_version"),
            rs.getObject("changed_by", UUID.class), rs.getString("changed_by_name"),
            rs.getTimestamp("changed_at").toInstant());

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    PolicyHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a version inside the caller's transaction; a version recorded twice fails (primary key). */
    void record(UUID policyId, int policyVersion, PolicyValues values, UUID changedBy, String changedByName,
            Instant changedAt) {
        jdbc.update("""
                insert into key_policy_version (policy_id, policy_version, snapshot, changed_by, changed_by_name,
                                                changed_at)
                values (?, ?, ?::jsonb, ?, ?, ?)""", policyId, policyVersion,
                json.writeValueAsString(values.asMap()), changedBy, changedByName, Timestamp.from(changedAt));
    }

    /** A policy's versions, newest first, at most {@code limit}. */
    List<PolicyChange> of(UUID policyId, int limit) {
        return jdbc.query("""
                select policy_version, changed_by, changed_by_name, changed_at from key_policy_version
                where policy_id = ? order by policy_version desc limit ?""", CHANGE, policyId, limit);
    }

    /** The latest version of every policy. */
    List<Latest> latest() {
        return jdbc.query("""
                select distinct on (policy_id) policy_id, policy_version, changed_by, changed_by_name, changed_at
                from key_policy_version order by policy_id, policy_version desc""",
                (rs, n) -> new Latest(rs.getObject("policy_id", UUID.class), CHANGE.mapRow(rs, n)));
    }

    record Latest(UUID policyId, PolicyChange change) {
    }
}
