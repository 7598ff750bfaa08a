package dev.keyportal.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.keyportal.keys.KeyBudgetState;
import dev.keyportal.spend.SpendDashboards.BudgetLine;
import dev.keyportal.spend.SpendDashboards.Line;
import dev.keyportal.spend.SpendDashboards.PersonTotal;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every read of the spend dashboards, in SQL with named parameters. The organisation's figures come from the
 * summaries the sync keeps (V21, V22), a person's from {@code spend_daily}. People and keys are named through the
 * read views their modules keep for this, {@code portal_person_view} (security) and {@code key_owner_view} (keys),
 * never their tables. A {@code team} is null for everyone, {@value #NO_TEAM} for people without a team, or a
 * team's name. Lines come without bars; the dashboards add them.
 */
@Repository
class SpendQueries {

    static final String NO_TEAM = "-";

    private static final String TOTALS =
            "sum(spend_micros) / 1000000.0 as spend, sum(requests) as requests, sum(tokens) as tokens";

    private final JdbcClient jdbc;

    SpendQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The copied spend and budget state of these keys (those that have one), by token hash. */
    Map<String, KeyBudgetState> budgetStates(Collection<String> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return Map.of();
        }
        Map<String, KeyBudgetState> states = new HashMap<>();
        jdbc.sql("""
                select token_hash, spend, max_budget, soft_budget, budget_reset_at, blocked, seen_at
                from key_budget_state where token_hash in (:hashes)""")
                .param("hashes", tokenHashes)
                .query((rs, n) -> states.put(rs.getString("token_hash"), new KeyBudgetState(rs.getBigDecimal("spend"),
                        rs.getBigDecimal("max_budget"), rs.getBigDecimal("soft_budget"),
                        instant(rs.getTimestamp("budget_reset_at")), rs.getBoolean("blocked"),
                        instant(rs.getTimestamp("seen_at")))))
                .list();
        return states;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** When the last sync run finished a day, for the dashboards' "as of". */
    Optional<Instant> lastSyncedAt() {
        return jdbc.sql("select synced_at from spend_sync where name = 'spend'").query(Timestamp.class).optional()
                .map(Timestamp::toInstant);
    }

    /** A person's spend on one day, key and model. */
    record Cell(LocalDate day, UUID keyId, String model, BigDecimal spend, long requests, long tokens) {
    }

    /** Who an owner id is (their LiteLLM user id), for a drill-down heading. */
    Optional<String> ownerLabel(UUID ownerId) {
        return jdbc.sql("select litellm_user_id from portal_person_view where id = :id").param("id", ownerId)
                .query(String.class).optional();
    }

    /**
     * A person's rows grouped by day, key and model: an index-only scan of {@code spend_daily_owner_cover_idx}
     * (V22).
     */
    List<Cell> ownerCells(UUID ownerId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select day, key_id, model, sum(spend) as spend, sum(requests) as requests, sum(tokens) as tokens
                from spend_daily where owner_id = :owner and day between :from and :to group by day, key_id, model""")
                .param("owner", ownerId).param("from", from).param("to", to)
                .query((rs, n) -> new Cell(rs.getDate("day").toLocalDate(), rs.getObject("key_id", UUID.class),
                        rs.getString("model"), rs.getBigDecimal("spend"), rs.getLong("requests"),
                        rs.getLong("tokens")))
                .list();
    }

    /** The organisation's spend by team, most first; a line's ref is the team as a link names it. */
    List<Line> byTeam(LocalDate from, LocalDate to) {
        return lines("select coalesce(team, '(no team)') as label, coalesce(team, '" + NO_TEAM + "') as ref, "
                + TOTALS + " from spend_team_daily where day between :from and :to group by team order by 3 desc",
                from, to, null);
    }

    /** Spend by model, most first: everyone's, or one team's. */
    List<Line> byModel(LocalDate from, LocalDate to, String team) {
        return lines(team == null
                ? "select model as label, null as ref, " + TOTALS
                        + " from spend_model_daily where day between :from and :to group by model order by 3 desc"
                : "select model as label, null as ref, " + TOTALS + " from spend_team_model_daily"
                        + " where day between :from and :to and " + teamIs("team", team)
                        + " group by model order by 3 desc", from, to, team);
    }

    /** Spend by day, in day order: everyone's, or one team's. */
    List<Line> byDay(LocalDate from, LocalDate to, String team) {
        return lines("select day::text as label, null as ref, " + TOTALS + (team == null
                ? " from spend_model_daily where day between :from and :to"
                : " from spend_team_daily where day between :from and :to and " + teamIs("team", team))
                + " group by day order by day", from, to, team);
    }

    /** The chart's points: everyone's by day and model, or one team's by day as one series. */
    List<SpendChart.Point> chartPoints(LocalDate from, LocalDate to, String team) {
        String teamLabel = NO_TEAM.equals(team) ? "(no team)" : team;
        return jdbc.sql(team == null
                ? "select day, model, spend_micros from spend_model_daily where day between :from and :to"
                : "select day, null as model, spend_micros from spend_team_daily"
                        + " where day between :from and :to and " + teamIs("team", team))
                .param("from", from).param("to", to).param("team", team)
                .query((rs, n) -> new SpendChart.Point(rs.getDate("day").toLocalDate(),
                        team == null ? rs.getString("model") : teamLabel, micros(rs.getLong("spend_micros"))))
                .list();
    }

    /**
     * Every person's total over the range and its two halves (one team's people with {@code team}), in one pass:
     * whole ISO weeks from the weekly summary, the edge days from the daily one.
     */
    List<PersonTotal> personTotals(LocalDate from, LocalDate to, String team) {
        LocalDate firstMonday = from.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        LocalDate lastSunday = to.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        List<String> parts = new ArrayList<>();
        if (firstMonday.plusDays(6).isAfter(to)) {
            parts.add(OWNER_DAYS);
        } else {
            parts.add(OWNER_WEEKS);
            if (from.isBefore(firstMonday)) {
                parts.add(OWNER_HEAD_DAYS);
            }
            if (to.isAfter(lastSunday)) {
                parts.add(OWNER_TAIL_DAYS);
            }
        }
        // ~175,000 summary rows for 90 days of 10,000 people: totalled per person first (a hash aggregate in
        // memory, on this one connection), named after; see docs/benchmarks.md
        jdbc.sql("set local work_mem = '32MB'").update();
        jdbc.sql("set local max_parallel_workers_per_gather = 0").update();
        String sql = "select t.*, coalesce(u.litellm_user_id, '(not in the portal)') as label from ("
                + "select x.owner_id, min(x.team) as team,"
                + " sum(x.spend_micros) as spend, sum(x.requests) as requests, sum(x.tokens) as tokens,"
                + " sum(case when x.at < :middle then x.spend_micros else 0 end) as earlier,"
                + " sum(case when x.at >= :middle then x.spend_micros else 0 end) as later"
                + " from (" + String.join(" union all ", parts) + ") x"
                + (team == null ? "" : " where " + teamIs("x.team", team)) + " group by x.owner_id) t"
                + " left join portal_person_view u on u.id = t.owner_id";
        return jdbc.sql(sql).param("from", from).param("to", to).param("team", team)
                .param("firstWeek", firstMonday).param("lastWeek", lastSunday.minusDays(6))
                .param("headTo", firstMonday.minusDays(1)).param("tailFrom", lastSunday.plusDays(1))
                .param("middle", from.plusDays(ChronoUnit.DAYS.between(from, to) / 2 + 1))
                .query((rs, n) -> new PersonTotal(rs.getObject("owner_id", UUID.class), rs.getString("label"),
                        rs.getString("team"), micros(rs.getLong("spend")), rs.getLong("requests"),
                        rs.getLong("tokens"), micros(rs.getLong("earlier")), micros(rs.getLong("later"))))
                .list();
    }

    private static final String OWNER_COLUMNS = " owner_id, team, spend_micros, requests, tokens";
    /** The range in days, when it holds no whole week. */
    private static final String OWNER_DAYS = "select day as at," + OWNER_COLUMNS
            + " from spend_owner_daily where day between :from and :to";
    /** The whole weeks of the range, then the days before the first and after the last. */
    private static final String OWNER_WEEKS = "select week as at," + OWNER_COLUMNS
            + " from spend_owner_weekly where week between :firstWeek and :lastWeek";
    private static final String OWNER_HEAD_DAYS = "select day," + OWNER_COLUMNS
            + " from spend_owner_daily where day between :from and :headTo";
    private static final String OWNER_TAIL_DAYS = "select day," + OWNER_COLUMNS
            + " from spend_owner_daily where day between :tailFrom and :to";

    // The condition matches key_budget_state_near_idx (V23), which also gives the "most used first" order.
    private static final String LIVE_KEYS = " from key_budget_state b"
            + " join key_owner_view k on k.token_hash = b.token_hash and k.live";
    private static final String NEAR = " where b.max_budget > 0 and b.spend >= b.max_budget * 0.8";

    /** How many live keys have used 80% of their budget or more (one team's with {@code team}). */
    int countNearBudget(String team) {
        String sql = "select count(*)" + LIVE_KEYS + NEAR + (team == null ? "" : " and " + teamIs("k.team", team));
        return jdbc.sql(sql).param("team", team).query(Integer.class).single();
    }

    /**
     * The live keys that used 80% of their budget or more, most used first: the first {@code limit}, or all of
     * them with null.
     */
    List<BudgetLine> nearBudget(String team, Integer limit) {
        String sql = "select k.key_id, k.key_alias, coalesce(k.owner_litellm_user_id, '(not in the portal)') as owner,"
                + " k.owner_id, b.spend, b.max_budget" + LIVE_KEYS + NEAR + (team == null ? "" : " and " + teamIs("k.team", team))
                + " order by b.spend / b.max_budget desc, k.key_alias limit :limit";
        return jdbc.sql(sql).param("team", team).param("limit", limit, Types.INTEGER)
                .query((rs, n) -> new BudgetLine(rs.getObject("key_id", UUID.class), rs.getString("key_alias"),
                        rs.getString("owner"), rs.getObject("owner_id", UUID.class), rs.getBigDecimal("spend"),
                        rs.getBigDecimal("max_budget"), rs.getBigDecimal("spend").multiply(BigDecimal.valueOf(100))
                                .divide(rs.getBigDecimal("max_budget"), 0, RoundingMode.FLOOR).intValue()))
                .list();
    }

    /** The condition on a team column; the team itself is always the parameter {@code :team}. */
    private static String teamIs(String column, String team) {
        return NO_TEAM.equals(team) ? column + " is null" : column + " = :team";
    }

    private List<Line> lines(String sql, LocalDate from, LocalDate to, String team) {
        return jdbc.sql(sql).param("from", from).param("to", to).param("team", team).query(LINE).list();
    }

    private static final RowMapper<Line> LINE = (rs, n) -> new Line(rs.getString("label"), rs.getString("ref"),
            rs.getBigDecimal("spend").setScale(6, RoundingMode.HALF_UP), rs.getLong("requests"), rs.getLong("tokens"),
            0);

    private static BigDecimal micros(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }
}
