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
 * every admin table. Query parameters come from links and may be edited by hand: a bad one is replaced by its
 * default and the page says so, never a 500.
 */
@Controller
class SpendController {

    private static final int MAX_RANGE_DAYS = 366;
    private static final int MAX_TEAM_LENGTH = 128;
    /** The org-wide tables, then a person's (with {@code person=}). */
    private static final List<String> TABLES = List.of("team", "person", "top", "model", "day", "growers", "budget");
    private static final List<String> PERSON_TABLES = List.of("key", "model");

    private final SpendDashboards dashboards;
    private final KeyListing keys;
    private final Clock clock;

    SpendController(SpendDashboards dashboards, KeyListing keys, Clock clock) {
        this.dashboards = dashboards;
        this.keys = keys;
        this.clock = clock;
    }

    @GetMapping("/spend")
    String mine(PortalUser user, @RequestParam(required = false) String days, Model model) {
        List<String> notes = new ArrayList<>();
        int period = "90".equals(days) ? 90 : 30;
        if (days != null && !"30".equals(days) && !"90".equals(days)) {
            notes.add("Choose 30 or 90 days; showing the last 30.");
        }
        model.addAttribute("notes", notes);
        model.addAttribute("spend", dashboards.forPerson(user, period));
        model.addAttribute("listing", keys.of(user));
        model.addAttribute("warnAt", KeyListing.WARN_AT_PERCENT);
        return "spend/mine";
    }

    @GetMapping("/admin/spend")
    String org(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String person,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String page, Model model,
            HttpServletResponse response) {
        List<String> notes = new ArrayList<>();
        Range range = range(from, to, notes);
        String chosenTeam = team(team, notes);
        model.addAttribute("notes", notes);
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
            model.addAttribute("team", chosenTeam);
            model.addAttribute("spend", dashboards.forOwnerAsAdmin(ownerId, range.from, range.to));
            return "spend/person";
        }
        int requestedPage = pageNumber(page, notes);
        SpendDashboards.OrgSpend spend = dashboards.forOrg(range.from, range.to, chosenTeam, order(sort, notes),
                requestedPage);
        if (requestedPage > spend.pages()) {
            notes.add("There " + (spend.pages() == 1 ? "is 1 page" : "are " + spend.pages() + " pages")
                    + " of people; showing the last.");
        }
        model.addAttribute("spend", spend);
        return "spend/org";
    }

    /**
     * One table of the admin pages as CSV, with the same rows the page shows (the people table whole, in the
     * page's order, rather than a page of it).
     */
    @GetMapping("/admin/spend.csv")
    void csv(@RequestParam(defaultValue = "team") String table, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String team,
            @RequestParam(required = false) String person, @RequestParam(required = false) String sort,
            HttpServletResponse response) throws IOException {
        List<String> ignored = new ArrayList<>();
        Range range = range(from, to, ignored);
        String chosenTeam = team(team, ignored);
        boolean forPerson = person != null && !person.isBlank();
        if (!(forPerson ? PERSON_TABLES : TABLES).contains(table)) {
            problem(response, HttpStatus.BAD_REQUEST, "There is no table '" + clip(table) + "' to export. Choose "
                    + String.join(", ", forPerson ? PERSON_TABLES : TABLES)
                    + (forPerson ? " with person=" : " (key needs person=<id>)") + ".");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        if (forPerson) {
            UUID ownerId = uuidOrNull(person);
            if (ownerId == null || dashboards.ownerLabel(ownerId).isEmpty()) {
                problem(response, HttpStatus.NOT_FOUND, "There is nobody with that id in the portal.");
                return;
            }
            SpendDashboards.PersonSpend spend = dashboards.forOwnerAsAdmin(ownerId, range.from, range.to);
            rows.add(List.of(table, "spend_usd", "requests", "tokens"));
            ("key".equals(table) ? spend.byKey() : spend.byModel()).forEach(line -> rows.add(row(line)));
        } else {
            switch (table) {
                case "person" -> {
                    rows.add(List.of("person", "spend_usd", "requests", "tokens"));
                    dashboards.people(range.from, range.to, chosenTeam, order(sort, ignored))
                            .forEach(line -> rows.add(row(line)));
                }
                case "budget" -> {
                    rows.add(List.of("key", "owner", "spend_usd", "max_budget_usd", "percent"));
                    dashboards.nearBudget(chosenTeam).forEach(b -> rows.add(List.of(b.keyAlias(), b.owner(),
                            b.spend().toPlainString(), b.maxBudget().toPlainString(), Integer.toString(b.percent()))));
                }
                default -> {
                    SpendDashboards.OrgSpend spend = dashboards.forOrg(range.from, range.to, chosenTeam,
                            SpendDashboards.PersonOrder.SPEND_DESC, 1);
                    if ("growers".equals(table)) {
                        rows.add(List.of("person", "first_half_usd", "second_half_usd", "growth_usd"));
                        spend.growers().forEach(g -> rows.add(List.of(g.label(), g.earlier().toPlainString(),
                                g.later().toPlainString(), g.growth().toPlainString())));
                    } else {
                        rows.add(List.of("top".equals(table) ? "person" : table, "spend_usd", "requests", "tokens"));
                        List<SpendDashboards.Line> lines = switch (table) {
                            case "top" -> spend.topSpenders();
                            case "model" -> spend.byModel();
                            case "day" -> spend.byDay();
                            default -> spend.byTeam();
                        };
                        lines.forEach(line -> rows.add(row(line)));
                    }
                }
            }
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"spend-by-" + table + "-" + range.from + "-"
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

    /** A plain-text answer for a CSV link that cannot be served: the person sees why instead of a file. */
    private static void problem(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType("text/plain;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(message + "\n");
        response.getWriter().flush();
    }

    private record Range(LocalDate from, LocalDate to) {
    }

    /** The last 90 days unless a valid range (at most a year, from before to) is given; a bad one adds a note. */
    private Range range(String from, String to, List<String> notes) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate defaultFrom = today.minusDays(89);
        try {
            LocalDate start = from == null || from.isBlank() ? defaultFrom : LocalDate.parse(from.strip());
            LocalDate end = to == null || to.isBlank() ? today : LocalDate.parse(to.strip());
            if (end.isBefore(start) || start.plusDays(MAX_RANGE_DAYS).isBefore(end)) {
                notes.add("Choose a range of at most a year, start before end; showing the last 90 days.");
                return new Range(defaultFrom, today);
            }
            return new Range(start, end);
        } catch (DateTimeParseException e) {
            notes.add("Dates look like " + today + "; showing the last 90 days.");
            return new Range(defaultFrom, today);
        }
    }

    /** A team name as the summaries store it ("-" for people without a team), or null for everyone. */
    private static String team(String team, List<String> notes) {
        if (team == null || team.isBlank()) {
            return null;
        }
        if (team.length() > MAX_TEAM_LENGTH || team.chars().anyMatch(Character::isISOControl)) {
            notes.add("A team name is at most " + MAX_TEAM_LENGTH + " printable characters; showing everyone.");
            return null;
        }
        return team;
    }

    private static SpendDashboards.PersonOrder order(String sort, List<String> notes) {
        if (sort == null || sort.isBlank()) {
            return SpendDashboards.PersonOrder.SPEND_DESC;
        }
        return SpendDashboards.PersonOrder.parse(sort).orElseGet(() -> {
            notes.add("People can be ordered by spend_desc, spend_asc or name; showing most spent first.");
            return SpendDashboards.PersonOrder.SPEND_DESC;
        });
    }

    private static int pageNumber(String page, List<String> notes) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            int number = Integer.parseInt(page.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // the note below
        }
        notes.add("A page is a whole number from 1; showing page 1.");
        return 1;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String clip(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
