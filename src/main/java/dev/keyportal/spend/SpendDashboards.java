package dev.keyportal.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.security.PortalUser;
import dev.keyportal.spend.SpendQueries.Cell;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spend for the dashboards: a person's own (from {@code spend_daily}, a few hundred rows), and the organisation's
 * for admins (from the per-person, per-team and per-model summaries the sync keeps, reading whole weeks where it
 * can). {@link SpendQueries} reads the rows; this class totals, orders, pages and draws them.
 */
@Service
public class SpendDashboards {

    static final int PAGE_SIZE = 50;
    private static final int TOP = 10;
    private static final String NO_TEAM = SpendQueries.NO_TEAM;

    private final SpendQueries queries;
    private final IssuedKeys issuedKeys;
    private final Clock clock;

    SpendDashboards(SpendQueries queries, IssuedKeys issuedKeys, Clock clock) {
        this.queries = queries;
        this.issuedKeys = issuedKeys;
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

        /** The order a query parameter names ({@code spend_desc}, {@code spend_asc}, {@code name}), if any. */
        static Optional<PersonOrder> parse(String value) {
            return Arrays.stream(values()).filter(order -> order.name().equalsIgnoreCase(value)).findFirst();
        }

        /** How the order is written in a link. */
        public String param() {
            return name().toLowerCase(Locale.ROOT);
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
    public Optional<String> ownerLabel(UUID ownerId) {
        return queries.ownerLabel(ownerId);
    }

    /**
     * One pass over the owner's rows (an index-only scan of {@code spend_daily_owner_cover_idx}) grouped by day, key
     * and model; the tables and the chart are totalled from that here.
     */
    private PersonSpend forOwner(UUID ownerId, LocalDate from, LocalDate to, List<IssuedKeyView> keys) {
        List<Cell> cells = queries.ownerCells(ownerId, from, to);
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
        return new PersonSpend(from, to, sum(byDay), byDay, byModel, byKey, chart, queries.lastSyncedAt().orElse(null));
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
        List<PersonTotal> people = queries.personTotals(from, to, team);
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

        List<Line> byTeam = team == null ? withBars(queries.byTeam(from, to)) : List.of();
        List<Line> byModel = withBars(queries.byModel(from, to, team));
        List<Line> byDay = withBars(queries.byDay(from, to, team));
        SpendChart chart = SpendChart.of(from, to, queries.chartPoints(from, to, team));
        return new OrgSpend(from, to, team, sum(byDay), byTeam, pageOfPeople, current, pages, people.size(), order,
                top, growers, byModel, byDay, chart, queries.nearBudget(team, PAGE_SIZE), queries.countNearBudget(team),
                queries.lastSyncedAt().orElse(null));
    }

    /**
     * Every person's line over the range (one team's with {@code team}), in {@code order}: the whole people
     * table at once, for its CSV export.
     */
    @Transactional(readOnly = true)
    public List<Line> people(LocalDate from, LocalDate to, String team, PersonOrder order) {
        List<PersonTotal> people = queries.personTotals(from, to, team);
        BigDecimal most = people.stream().map(PersonTotal::spend).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        return ordered(people, order).stream().map(p -> personLine(p, most)).toList();
    }

    /** Every key near or over its budget (one team's with {@code team}), most used first: for the CSV export. */
    @Transactional(readOnly = true)
    public List<BudgetLine> nearBudget(String team) {
        return queries.nearBudget(team, null);
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

    private static Line personLine(PersonTotal person, BigDecimal most) {
        return new Line(person.label(), person.ownerId() == null ? null : person.ownerId().toString(),
                person.spend(), person.requests(), person.tokens(), percent(person.spend(), most));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
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
