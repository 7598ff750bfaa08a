package dev.keyportal.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention: removes the events older than {@link AuditProperties#retention()}, export first. A run
 * <ol>
 * <li>verifies the chain (nothing is pruned from a broken chain);</li>
 * <li>picks the newest checkpoint written before the cut-off and within the verified part: everything before it
 * goes, and it stays as the first kept event, its {@code prev_hash} being the last pruned event's hash;</li>
 * <li>writes those events as JSON Lines (as {@code /admin/audit/export.jsonl} does) to
 * {@code audit-<first id>-<last id>.jsonl} in the archive directory, synced to disk, then renamed into place;</li>
 * <li>in one transaction removes them ({@code audit_prune}, the only way a row leaves the table), moves the start
 * of the kept chain ({@code audit_verification.pruned_through} and {@code pruned_hash}) and records
 * {@code audit.pruned} with the range, the last pruned hash and the file's name and SHA-256.</li>
 * </ol>
 * If the file cannot be written nothing is removed. Verification "from the start" then begins at the checkpoint.
 */
@Service
public class AuditPruning {

    private static final Actor PRUNER = Actor.system("audit-retention");
    private static final Logger log = LoggerFactory.getLogger(AuditPruning.class);

    private final AuditProperties properties;
    private final AuditVerification verification;
    private final AuditExport export;
    private final AuditTrail trail;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AuditPruning(AuditProperties properties, AuditVerification verification, AuditExport export, AuditTrail trail,
            JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.properties = properties;
        this.verification = verification;
        this.export = export;
        this.trail = trail;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What a run removed: the id range, how many events, and the file they were written to. */
    public record Pruned(long fromId, long throughId, long events, Path archive, String archiveSha256) {
    }

    /** Prunes by the configured retention; empty when retention is off or there is nothing to prune. */
    public Optional<Pruned> prune() {
        if (properties.retention() == null) {
            return Optional.empty();
        }
        return pruneBefore(clock.instant().minus(properties.retention()));
    }

    /** Prunes the events before the newest verified checkpoint written before {@code cutoff}. */
    Optional<Pruned> pruneBefore(Instant cutoff) {
        AuditVerification.Status status = verification.verify(false);
        if (status.broken()) {
            log.error("Audit retention skipped: the chain is broken at event {}", status.brokenAt());
            return Optional.empty();
        }
        Map<String, Object> start = jdbc.sql("select pruned_through from audit_verification where id = 1")
                .query().singleRow();
        long fromId = ((Number) start.get("pruned_through")).longValue() + 1;
        Optional<Long> checkpoint = jdbc.sql("""
                select id from audit_event
                where action = :checkpoint and occurred_at < :cutoff and id <= :verified and id > :from
                order by id desc limit 1""").param("checkpoint", AuditVerification.CHECKPOINT)
                .param("cutoff", Timestamp.from(cutoff)).param("verified", status.verifiedThrough())
                .param("from", fromId).query(Long.class).optional();
        if (checkpoint.isEmpty()) {
            return Optional.empty();
        }
        long throughId = checkpoint.get() - 1;
        Map<String, Object> range = jdbc.sql("""
                select min(id) as first, count(*) as events,
                       (select hash from audit_event where id = :through) as anchor
                from audit_event where id <= :through""").param("through", throughId).query().singleRow();
        if (range.get("first") == null || range.get("anchor") == null) {
            return Optional.empty();
        }
        long first = ((Number) range.get("first")).longValue();
        long events = ((Number) range.get("events")).longValue();
        String anchor = (String) range.get("anchor");
        Path archive = properties.archiveDir().resolve("audit-" + first + "-" + throughId + ".jsonl");
        String sha256 = writeArchive(first, throughId, archive);
        transaction.executeWithoutResult(tx -> {
            Long removed = jdbc.sql("select audit_prune(:through)").param("through", throughId).query(Long.class)
                    .single();
            jdbc.sql("update audit_verification set pruned_through = :through, pruned_hash = :anchor where id = 1")
                    .param("through", throughId).param("anchor", anchor).update();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("from_id", first);
            after.put("through_id", throughId);
            after.put("events", removed);
            after.put("last_pruned_hash", anchor);
            after.put("kept_from_checkpoint", checkpoint.get());
            after.put("archive", archive.getFileName().toString());
            after.put("archive_sha256", sha256);
            after.put("retention", String.valueOf(properties.retention()));
            trail.record(AuditEntry.of(PRUNER, "audit.pruned", "AUDIT", throughId, null, null, after));
        });
        log.info("Audit retention: removed events {} to {} ({} events), exported to {} (SHA-256 {})", first,
                throughId, events, archive, sha256);
        return Optional.of(new Pruned(first, throughId, events, archive, sha256));
    }

    /** Writes the range to a temporary file, syncs it, renames it into place; its SHA-256. */
    private String writeArchive(long first, long throughId, Path archive) {
        try {
            Files.createDirectories(archive.getParent());
            Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    Writer writer = new OutputStreamWriter(new DigestOutputStream(file, sha), StandardCharsets.UTF_8)) {
                export.write(AuditFilter.NONE, first, throughId, AuditExport.Format.JSONL, writer);
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the audit archive " + archive + "; nothing was pruned", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
