package dev.keyportal.spend;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.keyportal.spend.SpendDashboards.PersonOrder;

/**
 * The spend pages' query parameters. They come from links and may be edited by hand: a bad one is replaced by its
 * default and {@link #notes()} says so in words the page shows, never an error. One instance reads one request.
 */
final class SpendParameters {

    static final int MAX_RANGE_DAYS = 366;
    static final int MAX_TEAM_LENGTH = 128;

    private final LocalDate today;
    private final List<String> notes = new ArrayList<>();

    SpendParameters(LocalDate today) {
        this.today = today;
    }

    /** A date range, both ends included. */
    record Range(LocalDate from, LocalDate to) {
    }

    /** What was wrong with the parameters read so far, one sentence each. */
    List<String> notes() {
        return notes;
    }

    /** The period of "My spend": 30 or 90 days, 30 unless 90 is asked for. */
    int days(String days) {
        if (days != null && !"30".equals(days) && !"90".equals(days)) {
            notes.add("Choose 30 or 90 days; showing the last 30.");
        }
        return "90".equals(days) ? 90 : 30;
    }

    /** The last 90 days unless a valid range (at most a year, from before to) is given. */
    Range range(String from, String to) {
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
    String team(String team) {
        if (team == null || team.isBlank()) {
            return null;
        }
        if (team.length() > MAX_TEAM_LENGTH || team.chars().anyMatch(Character::isISOControl)) {
            notes.add("A team name is at most " + MAX_TEAM_LENGTH + " printable characters; showing everyone.");
            return null;
        }
        return team;
    }

    /** The order of the people table, most spent first unless another is named. */
    PersonOrder order(String sort) {
        if (sort == null || sort.isBlank()) {
            return PersonOrder.SPEND_DESC;
        }
        return PersonOrder.parse(sort).orElseGet(() -> {
            notes.add("People can be ordered by spend_desc, spend_asc or name; showing most spent first.");
            return PersonOrder.SPEND_DESC;
        });
    }

    /** The page of the people table asked for, from 1. */
    int page(String page) {
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

    /** Notes that the page asked for is past the last one, which is shown instead. */
    void pageShown(int requested, int pages) {
        if (requested > pages) {
            notes.add("There " + (pages == 1 ? "is 1 page" : "are " + pages + " pages")
                    + " of people; showing the last.");
        }
    }

    /** Whether the parameters name a person to drill into (a valid id or not). */
    static boolean namesPerson(String person) {
        return person != null && !person.isBlank();
    }

    /** The person a drill-down names, or null when it is not an id at all. */
    static UUID personId(String person) {
        try {
            return person == null ? null : UUID.fromString(person.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
