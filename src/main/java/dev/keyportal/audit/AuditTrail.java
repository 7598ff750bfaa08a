package dev.keyportal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records, reads and verifies the audit trail. Each row's hash covers its content and the previous row's hash,
 * so an edited or removed row breaks the chain; a database trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Service
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);
    private static final RowMapper<AuditRecord> ROW = (rs, n) -> new AuditRecord(rs.getLong("id"),
            rs.getTimestamp("occurred_at").toInstant(), rs.getObject("actor_id", UUID.class),
            rs.getString("actor_name"), rs.getString("action"), rs.getString("subject_type"),
            rs.getString("subject_id"), rs.getObject("request_id", UUID.class), rs.getString("before_value"),
            rs.getString("after_value"));

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditTrail(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.json = JsonMapper.builder().build();
        this.clock = clock;
    }

    /**
     * Appends an event inside the caller's transaction (one is required): if the caller's change rolls back,
     * so does its audit row, and if the row cannot be written the change fails with it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEntry entry) {
        String before = toJson(entry.before());
        String after = toJson(entry.after());
        // one writer at a time extends the chain
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtext('audit_event'))", Object.class);
        List<String> last = jdbc.queryForList("select hash from audit_event order by id desc limit 1", String.class);
        String prevHash = last.isEmpty() ? GENESIS : last.get(0);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = hash(prevHash, at, entry.actorId(), entry.actorName(), entry.action(), entry.subjectType(),
                entry.subjectId(), entry.requestId(), before, after);
        jdbc.update("""
                insert into audit_event (occurred_at, actor_id, actor_name, action, subject_type, subject_id,
                                         request_id, before_value, after_value, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, Timestamp.from(at), entry.actorId(), entry.actorName(), entry.action(), entry.subjectType(),
                entry.subjectId(), entry.requestId(), before, after, prevHash, hash);
    }

    /** Events about one object, oldest first. */
    @Transactional(readOnly = true)
    public List<AuditRecord> forSubject(String subjectType, String subjectId) {
        return jdbc.query("select * from audit_event where subject_type = ? and subject_id = ? order by id",
                ROW, subjectType, subjectId);
    }

    /** The latest events of one kind ({@code action}), newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<AuditRecord> latest(String action, int limit) {
        return jdbc.query("select * from audit_event where action = ? order by id desc limit ?", ROW, action, limit);
    }

    /** Events that belong to one request, oldest first. */
    @Transactional(readOnly = true)
    public List<AuditRecord> forRequest(UUID requestId) {
        return jdbc.query("select * from audit_event where request_id = ? order by id", ROW, requestId);
    }

    /**
     * Walks the whole kept chain and returns the id of the first row whose hash does not match its content or whose
     * predecessor link is broken, or -1 when the chain is intact.
     */
    @Transactional(readOnly = true)
    public long firstBrokenLink() {
        // after retention pruned the oldest events, the kept chain starts at the recorded anchor
        String[] expectedPrev = {jdbc.queryForObject("select pruned_hash from audit_verification where id = 1",
                String.class)};
        long[] broken = {-1};
        jdbc.query("select * from audit_event order by id", rs -> {
            if (broken[0] != -1) {
                return;
            }
            String prev = rs.getString("prev_hash");
            String recomputed = hash(prev, rs.getTimestamp("occurred_at").toInstant(),
                    rs.getObject("actor_id", UUID.class), rs.getString("actor_name"), rs.getString("action"),
                    rs.getString("subject_type"), rs.getString("subject_id"), rs.getObject("request_id", UUID.class),
                    rs.getString("before_value"), rs.getString("after_value"));
            if (!prev.equals(expectedPrev[0]) || !recomputed.equals(rs.getString("hash"))) {
                broken[0] = rs.getLong("id");
            }
            expectedPrev[0] = rs.getString("hash");
        });
        return broken[0];
    }

    private String toJson(Map<String, ?> values) {
        if (values == null) {
            return null;
        }
        String text = json.writeValueAsString(new TreeMap<>(values));
        if (FreeText.KEY_SHAPED.matcher(text).find()) {
            throw new IllegalArgumentException("Refusing to audit a value that looks like a key");
        }
        return text;
    }

    static String hash(String prevHash, Instant at, UUID actorId, String actorName, String action,
            String subjectType, String subjectId, UUID requestId, String before, String after) {
        String content = String.join("\u001f", prevHash, at.truncatedTo(ChronoUnit.MICROS).toString(),
                Objects.toString(actorId, ""), actorName, action, subjectType, subjectId,
                Objects.toString(requestId, ""), Objects.toString(before, ""), Objects.toString(after, ""));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
