package dev.keyportal.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admins' view of the trail: newest first, {@value #PAGE_SIZE} events a page, paged by id (keyset: a page
 * starts below or above an id it was given, never at an offset), so any page of a million events costs the same.
 */
@Service
public class AuditBrowser {

    public static final int PAGE_SIZE = 50;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditBrowser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One value of a change: the field, what it was and what it became ({@code null}: not there). */
    public record Change(String field, String before, String after) {

        public boolean changed() {
            return !Objects.equals(before, after);
        }
    }

    /** An event as the admin page shows it, with a link to its subject when it has a page. */
    public record Event(long id, Instant occurredAt, UUID actorId, String actorName, String action, String outcome,
            String subjectType, String subjectId, UUID requestId, List<Change> changes, String subjectLink,
            String prevHash, String hash) {
    }

    /**
     * One page: the events, and the ids to page from ({@code null} when there is nothing that way).
     * {@code older} is the id to ask {@code before}, {@code newer} the id to ask {@code after}.
     */
    public record Page(List<Event> events, Long older, Long newer) {
    }

    /**
     * Newest first: the first page ({@code before} and {@code after} null), the page of events below
     * {@code before}, or the page just above {@code after}.
     */
    @Transactional(readOnly = true)
    public Page page(AuditFilter filter, Long before, Long after) {
        Map.Entry<String, Map<String, Object>> where = filter.where();
        boolean upward = after != null && before == null;
        String bound = upward ? " and id > :after" : before != null ? " and id < :before" : "";
        List<Event> rows = new ArrayList<>(jdbc.sql("select * from audit_event where " + where.getKey() + bound
                        + " order by id " + (upward ? "asc" : "desc") + " limit " + (PAGE_SIZE + 1))
                .params(where.getValue())
                .params(upward ? Map.of("after", after) : before != null ? Map.of("before", before) : Map.of())
                .query((rs, n) -> event(rs))
                .list());
        boolean more = rows.size() > PAGE_SIZE;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (upward) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new Page(rows, null, null);
        }
        Long older = (upward || more) ? rows.get(rows.size() - 1).id() : null;
        Long newer = (upward ? more : before != null) ? rows.get(0).id() : null;
        if (upward && older != null && !exists(where, "id < :id", older)) {
            older = null;
        }
        if (!upward && before != null && newer != null && !exists(where, "id > :id", newer)) {
            newer = null;
        }
        return new Page(rows, older, newer);
    }

    /** The actions the trail holds, for the filter's list (one index probe per distinct action). */
    @Transactional(readOnly = true)
    public List<String> actions() {
        return jdbc.sql("""
                with recursive a(v) as (
                    select min(action) from audit_event
                    union all
                    select (select min(action) from audit_event where action > a.v) from a where a.v is not null)
                select v from a where v is not null""").query(String.class).list();
    }

    /** The name a person last acted under, to label the person filter; empty when they never acted. */
    @Transactional(readOnly = true)
    public java.util.Optional<String> nameOf(UUID person) {
        return jdbc.sql("select actor_name from audit_event where actor_id = :id order by id desc limit 1")
                .param("id", person).query(String.class).optional();
    }

    private boolean exists(Map.Entry<String, Map<String, Object>> where, String bound, long id) {
        return jdbc.sql("select exists (select 1 from audit_event where " + where.getKey() + " and " + bound + ")")
                .params(where.getValue()).param("id", id).query(Boolean.class).single();
    }

    private Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
        String subjectType = rs.getString("subject_type");
        String subjectId = rs.getString("subject_id");
        return new Event(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getObject("actor_id", UUID.class), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("outcome"), subjectType, subjectId, rs.getObject("request_id", UUID.class),
                changes(rs.getString("before_value"), rs.getString("after_value")), link(subjectType, subjectId),
                rs.getString("prev_hash"), rs.getString("hash"));
    }

    /** The page of the event's subject, or {@code null} when it has none. */
    static String link(String subjectType, String subjectId) {
        if (!isId(subjectId)) {
            return null;
        }
        return switch (subjectType) {
            case "KEY" -> "/keys/" + subjectId;
            case "REQUEST" -> "/requests/" + subjectId;
            case "USER" -> "/admin/spend?person=" + subjectId;
            case "POLICY" -> "/admin/policies/" + subjectId;
            default -> null;
        };
    }

    private static boolean isId(String text) {
        try {
            return text != null && UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Before and after side by side, one row per field that either holds. */
    List<Change> changes(String before, String after) {
        Map<String, String> was = values(before);
        Map<String, String> is = values(after);
        TreeSet<String> fields = new TreeSet<>(was.keySet());
        fields.addAll(is.keySet());
        return fields.stream().map(field -> new Change(field, was.get(field), is.get(field))).toList();
    }

    private Map<String, String> values(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return values;
        }
        try {
            JsonNode node = json.readTree(text);
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    JsonNode value = field.getValue();
                    values.put(field.getKey(), value.isNull() ? "null" : value.isValueNode() ? value.asString()
                            : value.toString());
                }
                return values;
            }
        } catch (JacksonException e) {
            // shown as it is stored
        }
        values.put("value", text);
        return values;
    }
}
