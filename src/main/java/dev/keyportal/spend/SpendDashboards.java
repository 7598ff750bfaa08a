package dev.keyportal.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.security.PortalUser;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads spend for the dashboards: a person's own (from {@code spend_daily}, a few hundred rows), and the
 * organisation's for admins (from the per-person, per-team and per-model summaries the sync keeps, reading whole
 * weeks where it can).
 */
@Service
public class SpendDashboards {

    static final int PAGE_SIZE = 50;
    private static final int TOP = 10;
    private static final String NO_TEAM = "-";

    private final JdbcTemplate jdbc;
    private final IssuedKeys issuedKeys;
    private final SpendSync sync;
    private final Clock clock;

    SpendDashboards(JdbcTemplate jdbc, IssuedKeys issuedKeys, SpendSync sync, Clock clock) {
        this.jdbc = jdbc;
        this.issuedKeys = issuedKeys;
        this.sync = sync;
        this.clock = clock;
    }

    /**
     * A labelled amount, with its share of the largest in its table (for bars); {@code ref} is what a drill-down
     * link needs (a team, a person's id), or null.
     */
    public record Line(String label, String ref, BigDecimal spend, long requests, long tokens, int percentOfMax) {
    }

    /** A person's spend over a period. */
    public record PersonSpend(LocalDate from, LocalDate to, BigDecimal total, List<Line> byDay, List<Line> byModel,
            List<Line> byKey, SpendChart chart, Instant asOf) {

        public int days() {
            return (int) ChronoUnit.DAYS.between(from, to) + 1;
        }
    }

    /** One person's total over the range, and over its earlier and later half (for "fastest growers"). */
    public record PersonTotal(UUID ownerId, String label, String team, BigDecimal spend, long requests, long tokens,
            BigDecimal earlier, BigDecimal later) {

        public BigDecimal growth() {
            return later.subtract(earlier);
        }
    }

    /** A key near or over its budget, by LiteLLM's last word on it. */
    public record BudgetLine(UUID keyId, String keyAlias, String owner, UUID ownerId, BigDecimal spend,
            BigDecimal maxBudget, int percent) {
    }

    /** How to order the people table. */
    public enum PersonOrder {
        SPEND_DESC, SPEND_ASC, NAME;

        static PersonOrder of(String value) {
            return parse(value).orElse(SPEND_DESC);
        }

        /** The order a query parameter names ({@code spend_desc}, {@code spend_asc}, {@code name}), if any. */
        static java.util.Optional<PersonOrder> parse(String value) {
            for (PersonOrder order : values()) {
                if (order.name().equalsIgnoreCase(value)) {
                    return java.util.Optional.of(order);
                }
            }
            return java.util.Optional.empty();
        }

        /** How the order is written in a link. */
        public String param() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The organisation's (or one team's) spend over a date range. */
    public record OrgSpend(LocalDate from, LocalDate to, String team, BigDecimal total, List<Line> byTeam,
            List<Line> byPeople, int page, int pages, int people, PersonOrder order, List<Line> topSpenders,
            List<PersonTotal> growers, List<Line> byModel, List<Line> byDay, SpendChart chart,
            List<BudgetLine> nearBudget, int nearBudgetCount, Instant asOf) {

        public boolean forTeam() {
            return team != null;
        }

        public String teamLabel() {
            return NO_TEAM.equals(team) ? "(no team)" : team;
        }
    }

    @Transactional(readOnly = true)
    public PersonSpend forPerson(PortalUser user, int days) {
        LocalDate to = today();
        return forOwner(user.id(), to.minusDays(days - 1L), to, issuedKeys.ownedBy(user));
    }

    /** A person's spend as an admin drills into it: every key they ever had, live or not. */
    @Transactional(readOnly = true)
    public PersonSpend forOwnerAsAdmin(UUID ownerId, LocalDate from, LocalDate to) {
        return forOwner(ownerId, from, to, issuedKeys.everKeysOf(ownerId));
    }

    /** Who an owner id is, for a drill-down heading; empty when nobody is. */
    @Transactional(readOnly = true)
    public java.util.Optional<String> ownerLabel(UUID ownerId) {
        return jdbc.query("select litellm_user_id from portal_user where id = ?", (rs, n) -> rs.getString(1),
                ownerId).stream().findFirst();
    }

    /**
     * One pass over the owner's rows (an index-only scan of {@code spend_daily_owner_cover_idx}) grouped by day, key
     * and model; the tables and the chart are totalled from that here.
     */
    private PersonSpend forOwner(UUID ownerId, LocalDate from, LocalDate to, List<IssuedKeyView> keys) {
        List<Cell> cells = jdbc.query("""
                select day, key_id, model, sum(spend) as spend, sum(requests) as requests, sum(tokens) as tokens
                from spend_daily where owner_id = ? and day between ? and ? group by day, key_id, model""",
                (rs, n) -> new Cell(rs.getDate("day").toLocalDate(), rs.getObject("key_id", UUID.class),
                        rs.getString("model"), rs.getBigDecimal("spend"), rs.getLong("requests"),
                        rs.getLong("tokens")), ownerId, Date.valueOf(from), Date.valueOf(to));
        Comparator<Line> largestFirst = Comparator.comparing(Line::spend).reversed().thenComparing(Line::label);
        List<Line> byDay = group(cells, cell -> cell.day().toString(), cell -> cell.day().toString(),
                cell -> null, Comparator.comparing(Line::label));
        List<Line> byModel = group(cells, Cell::model, Cell::model, cell -> null, largestFirst);
        Map<UUID, String> aliases = keys.stream()
                .collect(Collectors.toMap(IssuedKeyView::id, key -> key.keyAlias() + " (" + key.keyName() + ")"));
        List<Line> byKey = group(cells, cell -> String.valueOf(cell.keyId()),
                cell -> aliases.getOrDefault(cell.keyId(), "(unknown key)"), cell -> String.valueOf(cell.keyId()),
                largestFirst);
        Map<List<Object>, BigDecimal> byDayAndModel = new LinkedHashMap<>();
        cells.forEach(cell -> byDayAndModel.merge(List.of(cell.day(), cell.model()), cell.spend(), BigDecimal::add));
        SpendChart chart = SpendChart.of(from, to, byDayAndModel.entrySet().stream()
                .map(e -> new SpendChart.Point((LocalDate) e.getKey().get(0), (String) e.getKey().get(1), e.getValue()))
                .toList());
        return new PersonSpend(from, to, sum(byDay), byDay, byModel, byKey, chart, sync.lastSyncedAt().orElse(null));
    }

    /** A person's spend on one day, key and model. */
    private record Cell(LocalDate day, UUID keyId, String model, BigDecimal spend, long requests, long tokens) {
    }

    private static List<Line> group(List<Cell> cells, Function<Cell, String> by, Function<Cell, String> label,
            Function<Cell, String> ref, Comparator<Line> order) {
        Map<String, Line> lines = new HashMap<>();
        for (Cell cell : cells) {
            lines.merge(by.apply(cell), new Line(label.apply(cell), ref.apply(cell), cell.spend(), cell.requests(),
                    cell.tokens(), 0), (a, b) -> new Line(a.label(), a.ref(), a.spend().add(b.spend()),
                            a.requests() + b.requests(), a.tokens() + b.tokens(), 0));
        }
        return withBars(lines.values().stream().sorted(order).toList());
    }

    /**
     * The organisation's spend from {@code from} to {@code to}; with a {@code team} ("-" for people without one)
     * only that team's. People come a page of {@value #PAGE_SIZE} at a time in the chosen order.
     */
    @Transactional(readOnly = true)
    public OrgSpend forOrg(LocalDate from, LocalDate to, String team, PersonOrder order, int page) {
        List<PersonTotal> people = personTotals(from, to, team);
        List<PersonTotal> ordered = ordered(people, order);
        int pages = Math.max(1, (ordered.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(Math.max(page, 1), pages);
        BigDecimal most = people.stream().map(PersonTotal::spend).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        List<Line> pageOfPeople = ordered.stream().skip((long) (current - 1) * PAGE_SIZE).limit(PAGE_SIZE)
                .map(p -> personLine(p, most)).toList();
        List<Line> top = ordered(people, PersonOrder.SPEND_DESC).stream().limit(TOP).map(p -> personLine(p, most))
                .toList();
        List<PersonTotal> growers = people.stream().filter(p -> p.growth().signum() > 0)
                .sorted(Comparator.comparing(PersonTotal::growth).reversed().thenComparing(PersonTotal::label))
                .limit(TOP).toList();

        Object[] range = {Date.valueOf(from), Date.valueOf(to)};
        List<Line> byTeam;
        List<Line> byModel;
        List<Line> byDay;
        SpendChart chart;
        if (team == null) {
            byTeam = lines("select coalesce(team, '(no team)') as label, coalesce(team, '" + NO_TEAM + "') as ref"
                    + microTotals() + " from spend_team_daily where day between ? and ? group by team order by 3 desc",
                    range);
            byModel = lines("select model as label, null as ref" + microTotals()
                    + " from spend_model_daily where day between ? and ? group by model order by 3 desc", range);
            byDay = lines("select day::text as label, null as ref" + microTotals()
                    + " from spend_model_daily where day between ? and ? group by day order by day", range);
            chart = SpendChart.of(from, to, jdbc.query("select day, model, spend_micros from spend_model_daily"
                    + " where day between ? and ?", (rs, n) -> new SpendChart.Point(rs.getDate("day").toLocalDate(),
                            rs.getString("model"), micros(rs.getLong("spend_micros"))), range));
        } else {
            Object[] teamRange = NO_TEAM.equals(team) ? range : new Object[] {Date.valueOf(from), Date.valueOf(to), team};
            String teamDays = " from spend_team_daily where day between ? and ? and " + teamMatch(team);
            byTeam = List.of();
            byModel = lines("select model as label, null as ref" + microTotals() + " from spend_team_model_daily"
                    + " where day between ? and ? and " + teamMatch(team) + " group by model order by 3 desc",
                    teamRange);
            byDay = lines("select day::text as label, null as ref" + microTotals() + teamDays
                    + " group by day order by day", teamRange);
            chart = SpendChart.of(from, to, jdbc.query("select day, spend_micros" + teamDays,
                    (rs, n) -> new SpendChart.Point(rs.getDate("day").toLocalDate(), teamLabelOf(team),
                            micros(rs.getLong("spend_micros"))), teamRange));
        }
        return new OrgSpend(from, to, team, sum(byDay), byTeam, pageOfPeople, current, pages, people.size(), order,
                top, growers, byModel, byDay, chart, nearBudget(team, PAGE_SIZE), countNearBudget(team),
                sync.lastSyncedAt().orElse(null));
    }

    /**
     * Every person's line over the range (one team's with {@code team}), in {@code order}: the whole people
     * table at once, for its CSV export.
     */
    @Transactional(readOnly = true)
    public List<Line> people(LocalDate from, LocalDate to, String team, PersonOrder order) {
        List<PersonTotal> people = personTotals(from, to, team);
        BigDecimal most = people.stream().map(PersonTotal::spend).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        return ordered(people, order).stream().map(p -> personLine(p, most)).toList();
    }

    /** Every key near or over its budget (one team's with {@code team}), most used first: for the CSV export. */
    @Transactional(readOnly = true)
    public List<BudgetLine> nearBudget(String team) {
        return nearBudget(team, Integer.MAX_VALUE);
    }

    private static List<PersonTotal> ordered(List<PersonTotal> people, PersonOrder order) {
        Comparator<PersonTotal> bySpend = Comparator.comparing(PersonTotal::spend);
        Comparator<PersonTotal> byLabel = Comparator.comparing(PersonTotal::label)
                .thenComparing(p -> String.valueOf(p.ownerId()));
        List<PersonTotal> ordered = new ArrayList<>(people);
        ordered.sort(switch (order) {
            case SPEND_ASC -> bySpend.thenComparing(byLabel);
            case NAME -> byLabel;
            default -> bySpend.reversed().thenComparing(byLabel);
        });
        return ordered;
    }

    /**
     * Every person's total over the range and its two halves, in one pass: whole ISO weeks from the weekly
     * summary, the edge days from the daily one.
     */
    private List<PersonTotal> personTotals(LocalDate from, LocalDate to, String team) {
        LocalDate firstMonday = from.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        LocalDate lastSunday = to.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        LocalDate middle = from.plusDays(ChronoUnit.DAYS.between(from, to) / 2 + 1);
        List<Object> args = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        if (firstMonday.plusDays(6).isAfter(to)) {
            parts.add("select day as at, owner_id, team, spend_micros, requests, tokens from spend_owner_daily"
                    + " where day between ? and ?");
            args.add(Date.valueOf(from));
            args.add(Date.valueOf(to));
        } else {
            parts.add("select week as at, owner_id, team, spend_micros, requests, tokens from spend_owner_weekly"
                    + " where week between ? and ?");
            args.add(Date.valueOf(firstMonday));
            args.add(Date.valueOf(lastSunday.minusDays(6)));
            if (from.isBefore(firstMonday)) {
                parts.add("select day, owner_id, team, spend_micros, requests, tokens from spend_owner_daily"
                        + " where day between ? and ?");
                args.add(Date.valueOf(from));
                args.add(Date.valueOf(firstMonday.minusDays(1)));
            }
            if (to.isAfter(lastSunday)) {
                parts.add("select day, owner_id, team, spend_micros, requests, tokens from spend_owner_daily"
                        + " where day between ? and ?");
                args.add(Date.valueOf(lastSunday.plusDays(1)));
                args.add(Date.valueOf(to));
            }
        }
        String where = "";
        if (team != null) {
            where = " where " + teamMatch("x.team", team);
            if (!NO_TEAM.equals(team)) {
                args.add(team);
            }
        }
        args.add(0, Date.valueOf(middle));
        args.add(1, Date.valueOf(middle));
        // ~175,000 summary rows for 90 days of 10,000 people: totalled per person first (a hash aggregate in
        // memory, on this one connection), named after; see docs/benchmarks.md
        jdbc.execute("set local work_mem = '32MB'");
        jdbc.execute("set local max_parallel_workers_per_gather = 0");
        String sql = "select t.*, coalesce(u.litellm_user_id, '(not in the portal)') as label from ("
                + "select x.owner_id, min(x.team) as team,"
                + " sum(x.spend_micros) as spend, sum(x.requests) as requests, sum(x.tokens) as tokens,"
                + " sum(case when x.at < ? then x.spend_micros else 0 end) as earlier,"
                + " sum(case when x.at >= ? then x.spend_micros else 0 end) as later"
                + " from (" + String.join(" union all ", parts) + ") x" + where + " group by x.owner_id) t"
                + " left join portal_user u on u.id = t.owner_id";
        return jdbc.query(sql, (rs, n) -> new PersonTotal(rs.getObject("owner_id", UUID.class), rs.getString("label"),
                rs.getString("team"), micros(rs.getLong("spend")), rs.getLong("requests"), rs.getLong("tokens"),
                micros(rs.getLong("earlier")), micros(rs.getLong("later"))), args.toArray());
    }

    // The condition matches key_budget_state_near_idx (V23), which also gives the "most used first" order.
    private static final String LIVE_KEYS = " from key_budget_state b"
            + " join issued_key k on k.token_hash = b.token_hash and k.status in ('ACTIVE', 'BLOCKED')";
    private static final String NEAR = " where b.max_budget > 0 and b.spend >= b.max_budget * 0.8";
    private static final String NEAR_BUDGET = LIVE_KEYS + " left join portal_user u on u.id = k.owner_id" + NEAR;

    private int countNearBudget(String team) {
        String sql = "select count(*)" + LIVE_KEYS + NEAR + (team == null ? "" : " and " + teamMatch("k.team", team));
        Integer count = jdbc.queryForObject(sql, Integer.class, teamArgs(team));
        return count == null ? 0 : count;
    }

    private static Object[] teamArgs(String team) {
        return team == null || NO_TEAM.equals(team) ? new Object[] {} : new Object[] {team};
    }

    private List<BudgetLine> nearBudget(String team, int limit) {
        String sql = "select k.id, k.key_alias, coalesce(u.litellm_user_id, '(not in the portal)') as owner,"
                + " k.owner_id, b.spend, b.max_budget" + NEAR_BUDGET;
        Object[] args = teamArgs(team);
        if (team != null) {
            sql += " and " + teamMatch("k.team", team);
        }
        return jdbc.query(sql + " order by b.spend / b.max_budget desc, k.key_alias limit " + limit,
                (rs, n) -> new BudgetLine(rs.getObject("id", UUID.class), rs.getString("key_alias"),
                        rs.getString("owner"), rs.getObject("owner_id", UUID.class), rs.getBigDecimal("spend"),
                        rs.getBigDecimal("max_budget"), rs.getBigDecimal("spend").multiply(BigDecimal.valueOf(100))
                                .divide(rs.getBigDecimal("max_budget"), 0, RoundingMode.FLOOR).intValue()), args);
    }

    private static Line personLine(PersonTotal person, BigDecimal most) {
        return new Line(person.label(), person.ownerId() == null ? null : person.ownerId().toString(),
                person.spend(), person.requests(), person.tokens(), percent(person.spend(), most));
    }

    private static String teamMatch(String team) {
        return teamMatch("team", team);
    }

    private static String teamMatch(String column, String team) {
        return NO_TEAM.equals(team) ? column + " is null" : column + " = ?";
    }

    private static String teamLabelOf(String team) {
        return NO_TEAM.equals(team) ? "(no team)" : team;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String microTotals() {
        return ", sum(spend_micros) / 1000000.0 as spend, sum(requests) as requests, sum(tokens) as tokens";
    }

    private List<Line> lines(String sql, Object[] args) {
        return withBars(jdbc.query(sql, (rs, n) -> new Line(rs.getString("label"), rs.getString("ref"),
                rs.getBigDecimal("spend").setScale(6, RoundingMode.HALF_UP), rs.getLong("requests"),
                rs.getLong("tokens"), 0), args));
    }

    private static BigDecimal micros(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    private static List<Line> withBars(List<Line> lines) {
        BigDecimal max = lines.stream().map(Line::spend).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        Function<Line, Line> barred = l -> new Line(l.label(), l.ref(), l.spend(), l.requests(), l.tokens(),
                percent(l.spend(), max));
        return lines.stream().map(barred).toList();
    }

    private static int percent(BigDecimal spend, BigDecimal max) {
        return max.signum() == 0 ? 0
                : spend.multiply(BigDecimal.valueOf(100)).divide(max, 0, RoundingMode.HALF_UP).intValue();
    }

    private static BigDecimal sum(List<Line> lines) {
        return lines.stream().map(Line::spend).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
