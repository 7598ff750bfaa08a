package dev.keyportal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.keyportal.testsupport.FullStackTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention: the events before a checkpoint are written to a file first, then removed through {@code audit_prune};
 * the removal is itself audited and the kept chain verifies from the checkpoint.
 */
class AuditPruningTests extends FullStackTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    AuditVerification verification;

    @Autowired
    AuditExport export;

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    TransactionTemplate transaction;

    @TempDir
    Path archiveDir;

    @BeforeEach
    void allowPruningRecentEvents() {
        jdbc.update("update audit_prune_policy set min_age = interval '0'");
    }

    @AfterEach
    void restoreMinimumAge() {
        jdbc.update("update audit_prune_policy set min_age = interval '30 days'");
    }

    @Test
    void exportsThenRemovesEverythingBeforeACheckpointAndTheKeptChainStillVerifies() throws Exception {
        record(2);
        verification.verify(false);
        long checkpoint = verification.checkpoint();
        long kept = jdbc.queryForObject("select max(id) from audit_event", Long.class);
        List<Long> after = record(1);
        long before = jdbc.queryForObject("select count(*) from audit_event where id < ?", Long.class, kept);
        String lastPrunedHash = jdbc.queryForObject("select hash from audit_event where id = ?", String.class,
                kept - 1);

        AuditPruning.Pruned pruned = pruning().pruneBefore(Instant.now().plusSeconds(1)).orElseThrow();

        assertThat(kept).as("the checkpoint event").isGreaterThan(checkpoint);
        assertThat(pruned.throughId()).isEqualTo(kept - 1);
        assertThat(pruned.events()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select min(id) from audit_event", Long.class)).isEqualTo(kept);
        List<String> lines = Files.readAllLines(pruned.archive());
        assertThat(lines).hasSize((int) before);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(pruned.archive())))).isEqualTo(pruned.archiveSha256());
        JsonNode last = JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
        assertThat(last.get("hash").asString()).isEqualTo(lastPrunedHash);
        assertThat(Files.list(archiveDir)).extracting(p -> p.getFileName().toString())
                .containsExactly(pruned.archive().getFileName().toString());

        Map<String, Object> event = jdbc.queryForMap(
                "select * from audit_event where action = 'audit.pruned' order by id desc limit 1");
        assertThat((String) event.get("after_value")).contains("\"through_id\":" + (kept - 1),
                "\"last_pruned_hash\":\"" + lastPrunedHash + "\"", "\"archive_sha256\":\"" + pruned.archiveSha256(),
                "\"events\":" + before);
        assertThat(verification.verify(true).broken()).isFalse();
        assertThat(audit.firstBrokenLink()).isEqualTo(-1);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where id = ?", Long.class, after.get(0)))
                .isOne();
        assertThat(pruning().pruneBefore(Instant.now().plusSeconds(1))).as("no newer checkpoint yet").isEmpty();
    }

    @Test
    void nothingIsRemovedWhenTheArchiveCannotBeWritten() throws Exception {
        record(1);
        verification.verify(false);
        verification.checkpoint();
        long count = jdbc.queryForObject("select count(*) from audit_event", Long.class);
        Path notADirectory = Files.writeString(archiveDir.resolve("occupied"), "a file, not a directory");

        assertThatThrownBy(() -> pruning(notADirectory).pruneBefore(Instant.now().plusSeconds(1)))
                .hasMessageContaining("nothing was pruned");

        assertThat(jdbc.queryForObject("select count(*) from audit_event", Long.class)).isEqualTo(count);
    }

    @Test
    void auditPruneRemovesOnlyAPrefixEndingAtACheckpointAndOlderThanTheMinimumAge() {
        List<Long> ids = record(2);
        assertThatThrownBy(() -> jdbc.queryForObject("select audit_prune(?)", Long.class, ids.get(0)))
                .rootCause().hasMessageContaining("is not the one just before a checkpoint");
        verification.verify(false);
        verification.checkpoint();
        long beforeCheckpoint = jdbc.queryForObject("select max(id) from audit_event", Long.class) - 1;
        jdbc.update("update audit_prune_policy set min_age = interval '30 days'");

        assertThatThrownBy(() -> jdbc.queryForObject("select audit_prune(?)", Long.class, beforeCheckpoint))
                .rootCause().hasMessageContaining("is younger than the minimum age");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event where id = ?", ids.get(0)))
                .hasMessageContaining("append-only");
    }

    @Test
    void aRetentionWithoutAnArchiveDirectoryStopsStartUp() {
        assertThatThrownBy(() -> new AuditProperties(Duration.ofDays(400), null))
                .hasMessageContaining("PORTAL_AUDIT_ARCHIVEDIR is not set");
        assertThat(new AuditProperties(null, null).retention()).isNull();
    }

    private AuditPruning pruning() {
        return pruning(archiveDir);
    }

    private AuditPruning pruning(Path dir) {
        return new AuditPruning(new AuditProperties(Duration.ofDays(400), dir), verification, export, audit,
                jdbcClient, transactions, Clock.systemUTC());
    }

    private List<Long> record(int count) {
        UUID request = UUID.randomUUID();
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                audit.record(AuditEntry.of(null, "tester", "test.prune", "TEST", i, request, null, Map.of("n", i)));
            }
        });
        return jdbc.queryForList("select id from audit_event where request_id = ? order by id", Long.class, request);
    }
}
