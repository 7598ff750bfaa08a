package dev.keyportal.spend;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import dev.keyportal.keys.KeyListing;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** "My spend" for everyone, org-wide spend for admins, and CSV export of every admin table. */
@Controller
class SpendController {

    private static final int MAX_RANGE_DAYS = 366;

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
    String org(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        Range range = range(from, to);
        model.addAttribute("spend", dashboards.forOrg(range.from, range.to));
        model.addAttribute("rangeNote", range.note);
        return "spend/org";
    }

    @GetMapping("/admin/spend.csv")
    void csv(@RequestParam(defaultValue = "team") String table, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        Range range = range(from, to);
        SpendDashboards.OrgSpend spend = dashboards.forOrg(range.from, range.to);
        List<SpendDashboards.Line> lines = switch (table) {
            case "person" -> spend.byPerson();
            case "model" -> spend.byModel();
            case "day" -> spend.byDay();
            default -> spend.byTeam();
        };
        String name = List.of("person", "model", "day").contains(table) ? table : "team";
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"spend-by-" + name + "-" + range.from + "-"
                + range.to + ".csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer out = response.getWriter();
        out.write(Csv.row(List.of(name, "spend_usd", "requests", "tokens")));
        for (SpendDashboards.Line line : lines) {
            out.write(Csv.row(List.of(line.label(), line.spend().toPlainString(), Long.toString(line.requests()),
                    Long.toString(line.tokens()))));
        }
        out.flush();
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
}
