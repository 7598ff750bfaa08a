package dev.keyportal.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the hash chain incrementally: from the last event found intact (kept in {@code audit_verification})
 * to the newest, a batch per transaction, so each run reads only what was added since the last one. "From the
 * start" walks again from the first event still kept. A broken link is recorded (and found again by every run
 * until it is repaired), logged at ERROR, counted ({@code keyportal.audit.chain.breaks}), shown by the gauge
 * {@code keyportal.audit.chain.broken} (1 while broken) and published once as {@link AuditChainBroken}.
 * <p>
 * Checkpoints: an {@code audit.checkpoint} event records the head's id and hash (and the log line says them too),
 * so a copy kept elsewhere, such as shipped logs, anchors the chain: an attacker who rewrites the trail and its
 * hashes cannot also rewrite the checkpoints already shipped.
 */
@Service
public class AuditVerification {

    static final String CHECKPOINT = "audit.checkpoint";
    private static final Actor VERIFIER = Actor.system("audit-verifier");
    private static final int BATCH = 5_000;
    private static final Logger log = LoggerFactory.getLogger(AuditVerification.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AuditTrail trail;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Counter breaks;

    AuditVerification(JdbcClient jdbc, PlatformTransactionManager transactions, AuditTrail trail,
            ApplicationEventPublisher events, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.trail = trail;
        this.events = events;
        this.clock = clock;
        this.breaks = Counter.builder("keyportal.audit.chain.breaks")
                .description("Verification runs that found a broken link in the audit trail").register(registry);
        Gauge.builder("keyportal.audit.chain.broken", this, v -> v.status().broken() ? 1 : 0)
                .description("1 while the audit trail has a broken link, else 0").register(registry);
    }

    /**
     * Where verification stands: intact through {@code verifiedThrough} (0: nothing verified yet) as of
     * {@code verifiedAt}, or broken at {@code brokenAt} (found at {@code brokenFoundAt}, with the problem).
     */
    public record Status(long verifiedThrough, Instant verifiedThroughOccurredAt, Instant verifiedAt, Long brokenAt,
            String problem, Instant brokenFoundAt, long newest) {

        public boolean broken() {
            return brokenAt != null;
        }

        /** Events written after the last verified one. */
        public long unverified() {
            return Math.max(0, newest - verifiedThrough);
        }
    }

    public Status status() {
        return jdbc.sql("""
                select v.verified_through, v.verified_at, v.broken_at, v.problem, v.broken_found_at,
                       (select occurred_at from audit_event where id = v.verified_through) as through_at,
                       coalesce((select max(id) from audit_event), 0) as newest
                from audit_verification v where v.id = 1""").query((rs, n) -> new Status(
                        rs.getLong("verified_through"), instant(rs.getTimestamp("through_at")),
                        instant(rs.getTimestamp("verified_at")), (Long) rs.getObject("broken_at", Long.class),
                        rs.getString("problem"), instant(rs.getTimestamp("broken_found_at")), rs.getLong("newest")))
                .single();
    }

    /**
     * Verifies from the last verified event (or, {@code fromStart}, from the first event kept) to the newest, and
     * returns where it stands.
     */
    public Status verify(boolean fromStart) {
        Position position = jdbc.sql(fromStart
                        ? "select pruned_through, pruned_hash from audit_verification where id = 1"
                        : "select verified_through, verified_hash from audit_verification where id = 1")
                .query((rs, n) -> new Position(rs.getLong(1), rs.getString(2))).single();
        while (true) {
            Position from = position;
            Position reached = transaction.execute(status -> batch(from));
            if (reached == null) {
                return status();
            }
            position = reached;
        }
    }

    private record Position(long id, String hash) {
    }

    /** One batch from {@code from}; where it got to when there is more to read, else null (done or broken). */
    private Position batch(Position from) {
        Map<String, Object> state = jdbc.sql("select * from audit_verification where id = 1 for update")
                .query().singleRow();
        long recorded = ((Number) state.get("verified_through")).longValue();
        Long previouslyBroken = state.get("broken_at") == null ? null : ((Number) state.get("broken_at")).longValue();
        long[] last = {from.id()};
        String[] lastHash = {from.hash()};
        Long[] broken = {null};
        String[] problem = {null};
        int[] read = {0};
        jdbc.sql("select * from audit_event where id > :after order by id limit " + BATCH).param("after", from.id())
                .query(rs -> {
                    read[0]++;
                    if (broken[0] != null) {
                        return;
                    }
                    long id = rs.getLong("id");
                    String prev = rs.getString("prev_hash");
                    String recomputed = AuditTrail.hash(prev, rs.getTimestamp("occurred_at").toInstant(),
                            rs.getObject("actor_id", UUID.class), rs.getString("actor_name"),
                            rs.getString("action"), rs.getString("subject_type"), rs.getString("subject_id"),
                            rs.getObject("request_id", UUID.class), rs.getString("before_value"),
                            rs.getString("after_value"));
                    if (!prev.equals(lastHash[0])) {
                        broken[0] = id;
                        problem[0] = "its prev_hash does not match the hash of event " + last[0]
                                + " (an event before it was removed, inserted or rewritten)";
                    } else if (!recomputed.equals(rs.getString("hash"))) {
                        broken[0] = id;
                        problem[0] = "its content does not match its hash (the event was changed)";
                    } else {
                        last[0] = id;
                        lastHash[0] = rs.getString("hash");
                    }
                });
        Timestamp now = Timestamp.from(clock.instant());
        if (broken[0] != null) {
            jdbc.sql("""
                    update audit_verification set verified_through = :through, verified_hash = :hash,
                        verified_at = :now, broken_at = :broken, problem = :problem,
                        broken_found_at = case when broken_at = :broken then broken_found_at else :now end
                    where id = 1""").param("through", last[0]).param("hash", lastHash[0]).param("now", now)
                    .param("broken", broken[0]).param("problem", problem[0]).update();
            breaks.increment();
            log.error("Audit trail broken at event {}: {}. Verified intact through event {}.", broken[0],
                    problem[0], last[0]);
            if (!broken[0].equals(previouslyBroken)) {
                events.publishEvent(new AuditChainBroken(broken[0], problem[0], now.toInstant()));
            }
            return null;
        }
        // a walk from the start that has not yet passed the recorded point leaves the record as it is
        if (last[0] >= recorded) {
            jdbc.sql("""
                    update audit_verification set verified_through = :through, verified_hash = :hash,
                        verified_at = :now, broken_at = null, problem = null, broken_found_at = null
                    where id = 1""").param("through", last[0]).param("hash", lastHash[0]).param("now", now)
                    .update();
        }
        return read[0] == BATCH ? new Position(last[0], lastHash[0]) : null;
    }

    /**
     * Appends a checkpoint recording the newest event's id and hash, when the chain is intact and something was
     * written since the last checkpoint; returns its id, or -1.
     */
    public long checkpoint() {
        Long written = transaction.execute(status -> {
            Status current = status();
            if (current.broken()) {
                return -1L;
            }
            Map<String, Object> head = jdbc.sql("select id, hash, action from audit_event order by id desc limit 1")
                    .query().listOfRows().stream().findFirst().orElse(null);
            if (head == null || CHECKPOINT.equals(head.get("action"))) {
                return -1L;
            }
            trail.record(AuditEntry.of(VERIFIER, CHECKPOINT, "AUDIT", head.get("id"), null, null, Map.of(
                    "head_id", head.get("id"), "head_hash", head.get("hash"), "verified_through",
                    current.verifiedThrough())));
            log.info("Audit checkpoint: event {} has hash {}", head.get("id"), head.get("hash"));
            return ((Number) head.get("id")).longValue();
        });
        return written == null ? -1 : written;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
