package dev.keyportal.keys;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin's search over people (security's {@code portal_person_view}) by name or e-mail and team, with how many
 * live keys they hold and their keys' total budget, in a chosen order, {@value #PAGE_SIZE} at a time, bounded to
 * {@value #MAX_PAGE} pages.
 */
@Repository
public class PeopleSearch {

    public static final int PAGE_SIZE = 50;
    public static final int MAX_PAGE = 200;

    private final JdbcClient jdbc;

    PeopleSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The orders the list offers; each ends with the person's id, so pages never overlap. */
    public enum Order {
        NAME("p.display_name, p.email", "Name"), EMAIL("p.email", "E-mail"), TEAM("p.team, p.display_name", "Team"),
        KEYS("coalesce(h.live_keys, 0) desc, p.display_name", "Most keys"),
        BUDGET("coalesce(h.budget, 0) desc, p.display_name", "Largest budget");

        private final String sql;
        private final String label;

        Order(String sql, String label) {
            this.sql = sql;
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean byPersonOnly() {
            return this == NAME || this == EMAIL || this == TEAM;
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Order of(String value) {
            return Arrays.stream(values()).filter(o -> o.param().equals(value)).findFirst().orElse(NAME);
        }
    }

    /** {@code text} in the name or e-mail (any part, any case); empty strings and null mean any. */
    public record Criteria(String text, String team, Order order, int page) {

        public Criteria {
            text = text == null ? "" : text.strip();
            team = team == null ? "" : team.strip();
            order = order == null ? Order.NAME : order;
            page = Math.min(Math.max(page, 1), MAX_PAGE);
        }
    }

    /** A person's id with their live keys and those keys' total budget. */
    public record Hit(UUID id, int liveKeys, BigDecimal totalBudget) {
    }

    public record Result(List<Hit> hits, int page, boolean hasNext) {
    }

    @Transactional(readOnly = true)
    public Result search(Criteria criteria) {
        String like = "%" + criteria.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String filter = """
                where (:text = '' or p.display_name ilike :like or p.email ilike :like)
                  and (:team = '' or p.team = :team)""";
        // by name, e-mail or team: the page of people first (an index), then only their keys; by keys or budget
        // every person's totals are needed to order them
        String sql = criteria.order().byPersonOnly() ? """
                select p.id, h.live_keys, h.budget
                from (select p.id, p.display_name, p.email, p.team from portal_person_view p
                      %1$s
                      order by %2$s, p.id limit :limit offset :offset) p
                left join lateral (
                    select count(*) as live_keys, coalesce(sum(max_budget), 0) as budget from issued_key k
                    where k.owner_id = p.id and k.status in ('ACTIVE', 'BLOCKED')) h on true
                order by %2$s, p.id""" : """
                with h as (
                    select owner_id, count(*) as live_keys, sum(max_budget) as budget from issued_key
                    where status in ('ACTIVE', 'BLOCKED') group by owner_id)
                select p.id, coalesce(h.live_keys, 0) as live_keys, coalesce(h.budget, 0) as budget
                from portal_person_view p
                left join h on h.owner_id = p.id
                %1$s
                order by %2$s, p.id
                limit :limit offset :offset""";
        List<Hit> hits = jdbc.sql(sql.formatted(filter, criteria.order().sql))
                .param("text", criteria.text())
                .param("like", like)
                .param("team", criteria.team())
                .param("limit", PAGE_SIZE + 1)
                .param("offset", (criteria.page() - 1) * PAGE_SIZE)
                .query((rs, n) -> new Hit(rs.getObject("id", UUID.class), rs.getInt("live_keys"),
                        rs.getBigDecimal("budget")))
                .list();
        boolean more = hits.size() > PAGE_SIZE && criteria.page() < MAX_PAGE;
        return new Result(hits.subList(0, Math.min(hits.size(), PAGE_SIZE)), criteria.page(), more);
    }

    /** The token hashes of these people's live keys, by person. */
    @Transactional(readOnly = true)
    public Map<UUID, List<String>> liveKeyHashes(Collection<UUID> people) {
        Map<UUID, List<String>> hashes = new HashMap<>();
        if (people.isEmpty()) {
            return hashes;
        }
        jdbc.sql("""
                select owner_id, token_hash from issued_key
                where owner_id in (:people) and status in ('ACTIVE', 'BLOCKED') and token_hash is not null""")
                .param("people", people)
                .query((rs, n) -> hashes.computeIfAbsent(rs.getObject("owner_id", UUID.class),
                        id -> new java.util.ArrayList<>()).add(rs.getString("token_hash")))
                .list();
        return hashes;
    }

    /** The teams people belong to, for the search form. */
    @Transactional(readOnly = true)
    public List<String> teams() {
        return jdbc.sql("select distinct team from portal_person_view where team is not null order by team")
                .query(String.class).list();
    }
}
