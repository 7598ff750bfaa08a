package dev.keyportal.keys;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin's search over every issued key with its owner: by person (name or e-mail), alias, team, status and
 * model, in a chosen order, {@value #PAGE_SIZE} at a time. One query on {@code issued_key} and security's
 * {@code portal_person_view}; paging is bounded ({@value #MAX_PAGE} pages: narrow the search to go further).
 */
@Repository
public class KeySearch {

    public static final int PAGE_SIZE = 50;
    public static final int MAX_PAGE = 200;

    private final JdbcClient jdbc;

    KeySearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The orders the list offers; each ends with the key's id, so pages never overlap. */
    public enum Order {
        CREATED("k.created_at desc", "Newest first"), ALIAS("k.key_alias", "Name"),
        OWNER("p.display_name, p.email", "Owner"), TEAM("k.team", "Team"),
        BUDGET("k.max_budget desc", "Largest budget"), EXPIRES("k.expires_at", "Expires soonest");

        private final String sql;
        private final String label;

        Order(String sql, String label) {
            this.sql = sql;
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Order of(String value) {
            return Arrays.stream(values()).filter(o -> o.param().equals(value)).findFirst().orElse(CREATED);
        }
    }

    /**
     * What to look for: {@code text} in the owner's name or e-mail or the alias (any part, any case); empty strings
     * and null mean any. {@code status} null means the live ones (active or blocked).
     */
    public record Criteria(String text, String team, KeyStatus status, String model, Order order, int page) {

        public Criteria {
            text = text == null ? "" : text.strip();
            team = team == null ? "" : team.strip();
            model = model == null ? "" : model.strip();
            order = order == null ? Order.CREATED : order;
            page = Math.min(Math.max(page, 1), MAX_PAGE);
        }
    }

    /** A key as the admin list shows it. */
    public record Row(UUID id, String keyAlias, String keyName, String tokenHash, String team, List<String> models,
            BigDecimal maxBudget, Instant expiresAt, KeyStatus status, UUID ownerId, String ownerName,
            String ownerEmail) {

        public boolean blocked() {
            return status == KeyStatus.BLOCKED;
        }

        public boolean live() {
            return status.live();
        }
    }

    /** A page of rows and whether another follows. */
    public record Result(List<Row> rows, int page, boolean hasNext) {
    }

    @Transactional(readOnly = true)
    public Result search(Criteria criteria) {
        List<String> statuses = criteria.status() == null ? List.of(KeyStatus.ACTIVE.name(), KeyStatus.BLOCKED.name())
                : List.of(criteria.status().name());
        String like = "%" + criteria.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        // a text search reads the keys whose alias matches and the keys of the people whose name or e-mail does,
        // each from a trigram index (V44, V45), instead of testing every key
        String matching = criteria.text().isEmpty() ? "" : """
                  and k.id in (select id from issued_key where key_alias ilike :like
                               union
                               select m.id from issued_key m join portal_person_view o on o.id = m.owner_id
                               where o.display_name ilike :like or o.email ilike :like)
                """;
        List<Row> rows = jdbc.sql("""
                select k.id, k.key_alias, k.key_name, k.token_hash, k.team, k.models, k.max_budget, k.expires_at,
                       k.status, k.owner_id, p.display_name, p.email
                from issued_key k
                left join portal_person_view p on p.id = k.owner_id
                where k.status in (:statuses)
                %s  and (:team = '' or k.team = :team)
                  and (:model = '' or k.models @> array[cast(:model as text)])
                order by %s, k.id
                limit :limit offset :offset""".formatted(matching, criteria.order().sql))
                .param("statuses", statuses)
                .param("like", like)
                .param("team", criteria.team())
                .param("model", criteria.model())
                .param("limit", PAGE_SIZE + 1)
                .param("offset", (criteria.page() - 1) * PAGE_SIZE)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("key_alias"),
                        rs.getString("key_name"), rs.getString("token_hash"), rs.getString("team"),
                        models(rs.getArray("models")), rs.getBigDecimal("max_budget"),
                        instant(rs.getTimestamp("expires_at")), KeyStatus.valueOf(rs.getString("status")),
                        rs.getObject("owner_id", UUID.class), rs.getString("display_name"), rs.getString("email")))
                .list();
        boolean more = rows.size() > PAGE_SIZE && criteria.page() < MAX_PAGE;
        return new Result(rows.subList(0, Math.min(rows.size(), PAGE_SIZE)), criteria.page(), more);
    }

    /** The teams keys were issued for, for the search form. */
    @Transactional(readOnly = true)
    public List<String> teams() {
        return jdbc.sql("select distinct team from issued_key where team is not null order by team")
                .query(String.class).list();
    }

    private static List<String> models(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
