package dev.keyportal.spend;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.keyportal.spend.SpendDashboards.Line;
import dev.keyportal.spend.SpendDashboards.OrgSpend;
import dev.keyportal.spend.SpendDashboards.PersonOrder;
import dev.keyportal.spend.SpendDashboards.PersonSpend;
import dev.keyportal.spend.SpendParameters.Range;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The admin spend tables as CSV, each with the rows its page shows (the people table whole, in the page's order,
 * rather than a page of it). Cells are written by {@link Csv}.
 */
@Component
class SpendExport {

    /** The org-wide tables, then a person's (with {@code person=}). */
    static final List<String> TABLES = List.of("team", "person", "top", "model", "day", "growers", "budget");
    static final List<String> PERSON_TABLES = List.of("key", "model");

    private final SpendDashboards dashboards;

    SpendExport(SpendDashboards dashboards) {
        this.dashboards = dashboards;
    }

    /** What a CSV link gets: a file, or the reason it cannot have one. */
    sealed interface Export {
    }

    record File(String filename, String csv) implements Export {
    }

    record Refusal(HttpStatus status, String message) implements Export {
    }

    /**
     * One table: an org-wide one (one team's with {@code team}), or with {@code person} (an id, as the link has
     * it) one of that person's.
     */
    Export table(String table, String person, Range range, String team, PersonOrder order) {
        boolean forPerson = SpendParameters.namesPerson(person);
        List<String> tables = forPerson ? PERSON_TABLES : TABLES;
        if (!tables.contains(table)) {
            return new Refusal(HttpStatus.BAD_REQUEST, "There is no table '" + clip(table) + "' to export. Choose "
                    + String.join(", ", tables) + (forPerson ? " with person=" : " (key needs person=<id>)") + ".");
        }
        List<List<String>> rows;
        if (forPerson) {
            UUID ownerId = SpendParameters.personId(person);
            if (ownerId == null || dashboards.ownerLabel(ownerId).isEmpty()) {
                return new Refusal(HttpStatus.NOT_FOUND, "There is nobody with that id in the portal.");
            }
            rows = personTable(table, dashboards.forOwnerAsAdmin(ownerId, range.from(), range.to()));
        } else {
            rows = orgTable(table, range, team, order);
        }
        StringBuilder csv = new StringBuilder();
        rows.forEach(row -> csv.append(Csv.row(row)));
        return new File("spend-by-" + table + "-" + range.from() + "-" + range.to() + ".csv", csv.toString());
    }

    private static List<List<String>> personTable(String table, PersonSpend spend) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(table, "spend_usd", "requests", "tokens"));
        ("key".equals(table) ? spend.byKey() : spend.byModel()).forEach(line -> rows.add(row(line)));
        return rows;
    }

    private List<List<String>> orgTable(String table, Range range, String team, PersonOrder order) {
        List<List<String>> rows = new ArrayList<>();
        switch (table) {
            case "person" -> {
                rows.add(List.of("person", "spend_usd", "requests", "tokens"));
                dashboards.people(range.from(), range.to(), team, order).forEach(line -> rows.add(row(line)));
            }
            case "budget" -> {
                rows.add(List.of("key", "owner", "spend_usd", "max_budget_usd", "percent"));
                dashboards.nearBudget(team).forEach(b -> rows.add(List.of(b.keyAlias(), b.owner(),
                        b.spend().toPlainString(), b.maxBudget().toPlainString(), Integer.toString(b.percent()))));
            }
            default -> {
                OrgSpend spend = dashboards.forOrg(range.from(), range.to(), team, PersonOrder.SPEND_DESC, 1);
                if ("growers".equals(table)) {
                    rows.add(List.of("person", "first_half_usd", "second_half_usd", "growth_usd"));
                    spend.growers().forEach(g -> rows.add(List.of(g.label(), g.earlier().toPlainString(),
                            g.later().toPlainString(), g.growth().toPlainString())));
                } else {
                    rows.add(List.of("top".equals(table) ? "person" : table, "spend_usd", "requests", "tokens"));
                    List<Line> lines = switch (table) {
                        case "top" -> spend.topSpenders();
                        case "model" -> spend.byModel();
                        case "day" -> spend.byDay();
                        default -> spend.byTeam();
                    };
                    lines.forEach(line -> rows.add(row(line)));
                }
            }
        }
        return rows;
    }

    private static List<String> row(Line line) {
        return List.of(line.label(), line.spend().toPlainString(), Long.toString(line.requests()),
                Long.toString(line.tokens()));
    }

    /** A table name as it may be echoed back: printable, and not too long. */
    static String clip(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
