package dev.keyportal.spend;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the daily spend rows for the dashboards: a person's own, and the organisation's for admins. */
@Service
public class SpendDashboards {

    private final JdbcTemplate jdbc;
    private final PortalUsers users;
    private final IssuedKeys issuedKeys;
    private final SpendSync sync;
    private final Clock clock;

    SpendDashboards(JdbcTemplate jdbc, PortalUsers users, IssuedKeys issuedKeys, SpendSync sync, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.issuedKeys = issuedKeys;
        this.sync = sync;
        this.clock = clock;
    }

    /** A labelled amount, with its share of the largest in its table (for bars). */
    public record Line(String label, BigDecimal spend, long requests, long tokens, int percentOfMax) {
    }

    /** A person's spend over the last {@code days} days. */
    public record PersonSpend(int days, LocalDate from, LocalDate to, BigDecimal total, List<Line> byDay,
            List<Line> byModel, List<Line> byKey, Instant asOf) {
    }

    /** The organisation's spend over a date range. */
    public record OrgSpend(LocalDate from, LocalDate to, BigDecimal total, List<Line> byTeam, List<Line> byPerson,
            List<Line> byModel, List<Line> byDay, Instant asOf) {
    }

    @Transactional(readOnly = true)
    public PersonSpend forPerson(PortalUser user, int days) {
        LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = to.minusDays(days - 1L);
        String mine = " from spend_daily where owner_id = ? and day between ? and ?";
        Object[] args = {user.id(), Date.valueOf(from), Date.valueOf(to)};
        List<Line> byDay = lines("select day::text as label" + totals() + mine + " group by day order by day", args);
        List<Line> byModel = lines("select model as label" + totals() + mine + " group by model order by 2 desc", args);
        Map<UUID, String> aliases = issuedKeys.ownedBy(user).stream()
                .collect(Collectors.toMap(IssuedKeyView::id, key -> key.keyAlias() + " (" + key.keyName() + ")"));
        List<Line> byKey = withBars(jdbc.query("select key_id" + totals() + mine + " group by key_id order by 2 desc",
                (rs, n) -> new Line(aliases.getOrDefault(rs.getObject("key_id", UUID.class), "(unknown key)"),
                        rs.getBigDecimal("spend"), rs.getLong("requests"), rs.getLong("tokens"), 0), args));
        return new PersonSpend(days, from, to, sum(byDay), byDay, byModel, byKey, sync.lastSyncedAt().orElse(null));
    }

    @Transactional(readOnly = true)
    public OrgSpend forOrg(LocalDate from, LocalDate to) {
        String range = " from spend_daily where day between ? and ?";
        Object[] args = {Date.valueOf(from), Date.valueOf(to)};
        List<Line> byTeam = lines("select coalesce(team, '(no team)') as label" + totals() + range
                + " group by 1 order by 2 desc", args);
        Map<UUID, String> names = users.everyone().stream()
                .collect(Collectors.toMap(PortalUser::id, PortalUser::litellmUserId, (a, b) -> a));
        List<Line> byPerson = jdbc.query("select owner_id" + totals() + range + " group by owner_id order by 2 desc",
                (rs, n) -> new Line(rs.getObject("owner_id") == null ? "(not in the portal)"
                        : names.getOrDefault(rs.getObject("owner_id", UUID.class), "(unknown)"),
                        rs.getBigDecimal("spend"), rs.getLong("requests"), rs.getLong("tokens"), 0), args);
        List<Line> byModel = lines("select model as label" + totals() + range + " group by model order by 2 desc",
                args);
        List<Line> byDay = lines("select day::text as label" + totals() + range + " group by day order by day", args);
        return new OrgSpend(from, to, sum(byDay), byTeam, withBars(byPerson), byModel, byDay,
                sync.lastSyncedAt().orElse(null));
    }

    private static String totals() {
        return ", sum(spend) as spend, sum(requests) as requests, sum(tokens) as tokens";
    }

    private List<Line> lines(String sql, Object[] args) {
        return withBars(jdbc.query(sql, (rs, n) -> new Line(rs.getString("label"), rs.getBigDecimal("spend"),
                rs.getLong("requests"), rs.getLong("tokens"), 0), args));
    }

    private static List<Line> withBars(List<Line> lines) {
        BigDecimal max = lines.stream().map(Line::spend).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        Function<BigDecimal, Integer> percent = spend -> max.signum() == 0 ? 0
                : spend.multiply(BigDecimal.valueOf(100)).divide(max, 0, java.math.RoundingMode.HALF_UP).intValue();
        return lines.stream().map(l -> new Line(l.label(), l.spend(), l.requests(), l.tokens(),
                percent.apply(l.spend()))).toList();
    }

    private static BigDecimal sum(List<Line> lines) {
        return lines.stream().map(Line::spend).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
