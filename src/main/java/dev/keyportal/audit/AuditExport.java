package dev.keyportal.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the filtered events oldest first, as CSV or JSON Lines, with the fields each hash covers exactly as they
 * were hashed (see {@link #HASHED_FIELDS}) and the chain hashes. Rows stream from a database cursor to the output:
 * an export of a million events holds a few hundred rows in memory at a time.
 */
@Service
public class AuditExport {

    /** The fields an event's hash covers, in the order they are joined (then {@code prev_hash} comes first). */
    public static final List<String> HASHED_FIELDS = List.of("prev_hash", "occurred_at", "actor_id", "actor_name",
            "action", "subject_type", "subject_id", "request_id", "before_value", "after_value");

    static final List<String> COLUMNS = List.of("id", "occurred_at", "actor_id", "actor_name", "action",
            "subject_type", "subject_id", "request_id", "before_value", "after_value", "outcome", "prev_hash",
            "hash");

    /** The export formats: CSV to read, JSON Lines to verify (its values are exactly what was hashed). */
    public enum Format {
        CSV("csv", "text/csv"), JSONL("jsonl", "application/jsonl");

        public final String extension;
        public final String mediaType;

        Format(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditExport(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(500);
        this.jdbc = new NamedParameterJdbcTemplate(cursor);
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setReadOnly(true);
    }

    /** Writes every event the filter selects, oldest first; the caller closes {@code out}. */
    public void write(AuditFilter filter, Format format, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        if (format == Format.CSV) {
            writer.write(csvRow(COLUMNS));
        }
        write(filter, Long.MIN_VALUE, Long.MAX_VALUE, format, writer);
        writer.flush();
    }

    /** Writes the events with ids from {@code fromId} to {@code throughId} that the filter selects. */
    void write(AuditFilter filter, long fromId, long throughId, Format format, Writer writer) {
        Map.Entry<String, Map<String, Object>> where = filter.where();
        Map<String, Object> params = new LinkedHashMap<>(where.getValue());
        params.put("fromId", fromId);
        params.put("throughId", throughId);
        // Postgres streams through a cursor only inside a transaction
        transaction.executeWithoutResult(status -> jdbc.query("select * from audit_event where " + where.getKey()
                + " and id between :fromId and :throughId order by id", params, rs -> {
                    try {
                        writer.write(format == Format.CSV ? csvRow(values(rs)) : jsonLine(rs));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
    }

    private String jsonLine(ResultSet rs) throws SQLException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", rs.getLong("id"));
        List<String> values = values(rs);
        for (int i = 1; i < COLUMNS.size(); i++) {
            line.put(COLUMNS.get(i), values.get(i));
        }
        return json.writeValueAsString(line) + "\n";
    }

    /** The row's values as text, in {@link #COLUMNS} order; occurred_at exactly as hashed. */
    private static List<String> values(ResultSet rs) throws SQLException {
        return java.util.Arrays.asList(String.valueOf(rs.getLong("id")),
                rs.getTimestamp("occurred_at").toInstant().truncatedTo(ChronoUnit.MICROS).toString(),
                text(rs.getObject("actor_id", UUID.class)), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("subject_type"), rs.getString("subject_id"),
                text(rs.getObject("request_id", UUID.class)), rs.getString("before_value"),
                rs.getString("after_value"), rs.getString("outcome"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * Every cell quoted, quotes doubled; a cell a spreadsheet would run as a formula gets a leading apostrophe (so
     * verify from the JSON Lines export, whose values are untouched).
     */
    static String csvRow(List<String> cells) {
        StringBuilder row = new StringBuilder();
        for (String value : cells) {
            if (!row.isEmpty()) {
                row.append(',');
            }
            String text = value == null ? "" : value;
            if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
                text = "'" + text;
            }
            row.append('"').append(text.replace("\"", "\"\"")).append('"');
        }
        return row.append("\r\n").toString();
    }
}
