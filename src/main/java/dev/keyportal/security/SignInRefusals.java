package dev.keyportal.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.audit.FreeText;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table of refused sign-ins ({@code refused_sign_in}): one row per identity and reason, so a person trying
 * again and again updates their row (last time, attempts) instead of adding rows. What the identity provider
 * sent is stored only as far as it fits and reads as plain text: a name or email with a pasted key or
 * invisible formatting characters is kept as {@code null}, an identity too long for a record is not kept at all.
 */
@Component
class SignInRefusals {

    private static final int MAX_ISSUER = 512;
    private static final int MAX_SUBJECT = 255;

    private final JdbcClient jdbc;
    private final Clock clock;

    SignInRefusals(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What the identity provider said about an identity the portal refused. */
    record Refusal(String issuer, String subject, RefusalReason reason, String email, String displayName,
            String litellmUserId) {
    }

    /** Stores a refusal (in the caller's transaction, or its own); false when the identity cannot be kept. */
    boolean record(Refusal refusal) {
        if (!storable(refusal.issuer(), MAX_ISSUER) || !storable(refusal.subject(), MAX_SUBJECT)) {
            return false;
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into refused_sign_in (id, issuer, subject, reason, email, display_name, litellm_user_id,
                                             first_at, last_at, attempts)
                values (:id, :issuer, :subject, :reason, :email, :name, :userId, :now, :now, 1)
                on conflict (issuer, subject, reason) do update
                    set last_at = excluded.last_at, attempts = refused_sign_in.attempts + 1,
                        email = excluded.email, display_name = excluded.display_name,
                        litellm_user_id = excluded.litellm_user_id
                """)
                .param("id", UUID.randomUUID())
                .param("issuer", refusal.issuer())
                .param("subject", refusal.subject())
                .param("reason", refusal.reason().code())
                .param("email", text(refusal.email(), 320))
                .param("name", text(refusal.displayName(), 255))
                .param("userId", text(refusal.litellmUserId(), 320))
                .param("now", now)
                .update();
        return true;
    }

    /** The newest refusals first, at most {@code limit}. */
    List<Row> newest(int limit) {
        return jdbc.sql("select * from refused_sign_in order by last_at desc, id limit :limit")
                .param("limit", limit).query(SignInRefusals::row).list();
    }

    Optional<Row> byId(UUID id) {
        return jdbc.sql("select * from refused_sign_in where id = :id").param("id", id)
                .query(SignInRefusals::row).optional();
    }

    /** The latest refusal of this identity, whatever its reason. */
    Optional<Row> latestOf(String issuer, String subject) {
        return jdbc.sql("""
                select * from refused_sign_in where issuer = :issuer and subject = :subject
                order by last_at desc limit 1""")
                .param("issuer", issuer).param("subject", subject).query(SignInRefusals::row).optional();
    }

    /** Forgets every refusal of this identity: it signed in, or a record was re-bound to it. */
    int clear(String issuer, String subject) {
        return jdbc.sql("delete from refused_sign_in where issuer = :issuer and subject = :subject")
                .param("issuer", issuer).param("subject", subject).update();
    }

    /** A stored refusal. */
    record Row(UUID id, String issuer, String subject, RefusalReason reason, String email, String displayName,
            String litellmUserId, Instant firstAt, Instant lastAt, int attempts) {
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getString("issuer"), rs.getString("subject"),
                RefusalReason.ofCode(rs.getString("reason")), rs.getString("email"), rs.getString("display_name"),
                rs.getString("litellm_user_id"), rs.getTimestamp("first_at").toInstant(),
                rs.getTimestamp("last_at").toInstant(), rs.getInt("attempts"));
    }

    private static boolean storable(String value, int max) {
        return value != null && !value.isBlank() && value.length() <= max;
    }

    /** Text fit to store and show, or null. */
    static String text(String value, int max) {
        if (value == null || value.isBlank() || FreeText.Check.problem(value, false).isPresent()) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
