package dev.keyportal.spend;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import dev.keyportal.keys.KeyListing;
import dev.keyportal.security.PortalUser;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "My spend" for everyone; org-wide spend for admins, with drill-down from team to person to key; CSV export of
 * every admin table.
 */
@Controller
class SpendController {

    private static final int MAX_RANGE_DAYS = 366;
    private static final List<String> TABLES = List.of("team", "person", "model", "day", "growers", "budget", "key");

    private final SpendDashboards dashboards;
    private final KeyListing keys;
    private final Clock clock;

    SpendController(SpendDashboards dashboards, KeyListing keys, Clock clock) {
        this.dashboards = dashboards;
        this.keys = keys;
        this.clock = clock;
    }

    @GetMapping("/spend")
    String mine(PortalUser user, @RequestParam(defaultValue = "30") String days, Model model) {
        int period = "90".equals(days) ? 90 : 30;
        model.addAttribute("spend", dashboards.forPerson(user, period));
        model.addAttribute("listing", keys.of(user));
        return "spend/mine";
    }

    @GetMapping("/admin/spend")
    String org(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String person,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String page, Model model,
            HttpServletResponse response) {
        Range range = range(from, to);
        model.addAttribute("rangeNote", range.note);
        if (person != null && !person.isBlank()) {
            UUID ownerId = uuidOrNull(person);
            String label = ownerId == null ? null : dashboards.ownerLabel(ownerId).orElse(null);
            if (label == null) {
                response.setStatus(HttpStatus.NOT_FOUND.value());
                model.addAttribute("message", "There is nobody with that id in the portal.");
                return "error/404";
            }
            model.addAttribute("person", label);
            model.addAttribute("personId", ownerId);
            model.addAttribute("team", validTeam(team));
            model.addAttribute("spend", dashboards.forOwnerAsAdmin(ownerId, range.from, range.to));
            return "spend/person";
        }
        model.addAttribute("spend", dashboards.forOrg(range.from, range.to, validTeam(team),
                SpendDashboards.PersonOrder.of(sort), pageNumber(page)));
        return "spend/org";
    }

    @GetMapping("/admin/spend.csv")
    void csv(@RequestParam(defaultValue = "team") String table, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String team,
            @RequestParam(required = false) String person, HttpServletResponse response) throws IOException {
        Range range = range(from, to);
        String name = TABLES.contains(table) ? table : "team";
        List<List<String>> rows = new ArrayList<>();
        UUID ownerId = uuidOrNull(person);
        if ("key".equals(name) && ownerId != null) {
            rows.add(List.of("key", "spend_usd", "requests", "tokens"));
            dashboards.forOwnerAsAdmin(ownerId, range.from, range.to).byKey().forEach(line -> rows.add(row(line)));
        } else {
            SpendDashboards.OrgSpend spend = dashboards.forOrg(range.from, range.to, validTeam(team),
                    SpendDashboards.PersonOrder.SPEND_DESC, 1);
            switch (name) {
                case "growers" -> {
                    rows.add(List.of("person", "first_half_usd", "second_half_usd", "growth_usd"));
                    spend.growers().forEach(g -> rows.add(List.of(g.label(), g.earlier().toPlainString(),
                            g.later().toPlainString(), g.growth().toPlainString())));
                }
                case "budget" -> {
                    rows.add(List.of("key", "owner", "spend_usd", "max_budget_usd", "percent"));
                    spend.nearBudget().forEach(b -> rows.add(List.of(b.keyAlias(), b.owner(),
                            b.spend().toPlainString(), b.maxBudget().toPlainString(), Integer.toString(b.percent()))));
                }
                case "person" -> {
                    rows.add(List.of("person", "spend_usd", "requests", "tokens"));
                    for (int p = 1; p <= spend.pages(); p++) {
                        dashboards.forOrg(range.from, range.to, validTeam(team),
                                SpendDashboards.PersonOrder.SPEND_DESC, p).byPeople().forEach(l -> rows.add(row(l)));
                    }
                }
                default -> {
                    String label = "key".equals(name) ? "team" : name;
                    rows.add(List.of(label, "spend_usd", "requests", "tokens"));
                    (switch (label) {
                        case "model" -> spend.byModel();
                        case "day" -> spend.byDay();
                        default -> spend.byTeam();
                    }).forEach(line -> rows.add(row(line)));
                }
            }
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"spend-by-" + name + "-" + range.from + "-"
                + range.to + ".csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer out = response.getWriter();
        for (List<String> row : rows) {
            out.write(Csv.row(row));
        }
        out.flush();
    }

    private static List<String> row(SpendDashboards.Line line) {
        return List.of(line.label(), line.spend().toPlainString(), Long.toString(line.requests()),
                Long.toString(line.tokens()));
    }

    private record Range(LocalDate from, LocalDate to, String note) {
    }

    /** The last 90 days unless a valid range (at most a year, from before to) is given. */
    private Range range(String from, String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate defaultFrom = today.minusDays(89);
        try {
            LocalDate start = from == null || from.isBlank() ? defaultFrom : LocalDate.parse(from);
            LocalDate end = to == null || to.isBlank() ? today : LocalDate.parse(to);
            if (end.isBefore(start) || start.plusDays(MAX_RANGE_DAYS).isBefore(end)) {
                return new Range(defaultFrom, today, "Choose a range of at most a year, start before end;"
                        + " showing the last 90 days.");
            }
            return new Range(start, end, null);
        } catch (DateTimeParseException e) {
            return new Range(defaultFrom, today, "Dates look like 2026-11-23; showing the last 90 days.");
        }
    }

    /** A team name as the summaries store it ("-" for people without a team), or null for everyone. */
    private static String validTeam(String team) {
        return team == null || team.isBlank() || team.length() > 128 ? null : team;
    }

    private static int pageNumber(String page) {
        try {
            return page == null ? 1 : Math.max(1, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
