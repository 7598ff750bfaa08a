package dev.keyportal.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Audit events that someone outside the portal's control can repeat at will (a refused sign-in tried again and
 * again, a person probing for another person's key): at most one event per repeat key within
 * {@code portal.audit.repeat-interval} (15 minutes unless set), so nobody can flood the trail. Repeats within the
 * interval are counted; the next event written for the key carries {@code repeats_since_last}. The count lives in
 * the database ({@code audit_repeat}), so the limit holds across instances.
 */
@Service
public class RepeatedEvents {

    static final String REPEATS = "repeats_since_last";
    private static final int MAX_KEY = 1024;

    private final JdbcClient jdbc;
    private final AuditTrail trail;
    private final Clock clock;
    private final Duration interval;

    RepeatedEvents(JdbcClient jdbc, AuditTrail trail, Clock clock,
            @Value("${portal.audit.repeat-interval:15m}") Duration interval) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Records the event unless one with the same repeat key was recorded within the interval; true when it was
     * recorded. Runs in a transaction of its own: the events it is for usually accompany a refusal whose own
     * transaction rolls back.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean record(String repeatKey, AuditEntry entry) {
        String key = repeatKey.length() <= MAX_KEY ? repeatKey : repeatKey.substring(0, MAX_KEY);
        Instant now = clock.instant();
        jdbc.sql("insert into audit_repeat (repeat_key) values (:key) on conflict (repeat_key) do nothing")
                .param("key", key).update();
        Last last = jdbc.sql("""
                select last_recorded_at, suppressed from audit_repeat where repeat_key = :key for update""")
                .param("key", key)
                .query((rs, n) -> new Last(rs.getTimestamp("last_recorded_at"), rs.getInt("suppressed"))).single();
        if (last.at() != null && last.at().toInstant().isAfter(now.minus(interval))) {
            jdbc.sql("update audit_repeat set suppressed = suppressed + 1 where repeat_key = :key")
                    .param("key", key).update();
            return false;
        }
        int suppressed = last.suppressed();
        jdbc.sql("update audit_repeat set last_recorded_at = :now, suppressed = 0 where repeat_key = :key")
                .param("now", Timestamp.from(now)).param("key", key).update();
        // what was never repeated since its last event is no longer worth a row
        jdbc.sql("delete from audit_repeat where last_recorded_at < :cutoff and suppressed = 0")
                .param("cutoff", Timestamp.from(now.minus(interval))).update();
        Map<String, Object> after = new LinkedHashMap<>();
        if (entry.after() != null) {
            after.putAll(entry.after());
        }
        if (suppressed > 0) {
            after.put(REPEATS, suppressed);
        }
        trail.record(new AuditEntry(entry.actorId(), entry.actorName(), entry.action(), entry.subjectType(),
                entry.subjectId(), entry.requestId(), entry.before(), after.isEmpty() ? entry.after() : after));
        return true;
    }

    private record Last(Timestamp at, int suppressed) {
    }
}
