package dev.keyportal.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.audit.AuditEntry;
import dev.keyportal.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds live keys that expire within the warning window (the same window that marks them on "My keys") and
 * announces each once ({@link KeyExpiringSoon}, mailed after the commit). The claim is one conditional update, so
 * two instances never remind twice.
 */
@Service
public class ExpiryReminders {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration window;

    ExpiryReminders(JdbcTemplate jdbc, ApplicationEventPublisher events, AuditTrail audit, Clock clock,
            @Value("${portal.keys.expiry-warning:14d}") Duration window) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.window = window;
    }

    /** Claims and announces every key newly inside the window; returns how many. */
    @Transactional
    public int remind() {
        Instant now = clock.instant();
        List<KeyExpiringSoon> due = jdbc.query("""
                update issued_key set expiry_reminded_at = ?
                where status = 'ACTIVE' and expiry_reminded_at is null and expires_at > ? and expires_at <= ?
                returning id, owner_id, key_alias, key_name, expires_at""",
                (rs, n) -> new KeyExpiringSoon(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                        rs.getString("key_alias"), rs.getString("key_name"),
                        rs.getTimestamp("expires_at").toInstant()),
                Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(window)));
        for (KeyExpiringSoon key : due) {
            audit.record(AuditEntry.of(null, "expiry-reminder", "key.expiry_reminded", "KEY", key.keyId(), null,
                    null, Map.of("expires_at", key.expiresAt().toString())));
            events.publishEvent(key);
        }
        return due.size();
    }
}
