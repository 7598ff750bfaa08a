package dev.keyportal.spend;

import java.time.LocalDate;
import java.util.UUID;

import dev.keyportal.spend.SpendDashboards.PersonOrder;
import dev.keyportal.spend.SpendParameters.Range;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-edited query parameters of the spend pages fall back to their defaults and say why. */
class SpendParametersTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private final SpendParameters params = new SpendParameters(TODAY);

    @Test
    void withoutParametersThePagesShowTheirDefaultsQuietly() {
        assertThat(params.range(null, "")).isEqualTo(new Range(TODAY.minusDays(89), TODAY));
        assertThat(params.days(null)).isEqualTo(30);
        assertThat(params.team(" ")).isNull();
        assertThat(params.order(null)).isEqualTo(PersonOrder.SPEND_DESC);
        assertThat(params.page("")).isEqualTo(1);
        assertThat(params.notes()).isEmpty();
    }

    @Test
    void aValidRangeIsTakenAsGivenUpToAYear() {
        assertThat(params.range(" 2025-06-14 ", "2026-06-15")).isEqualTo(
                new Range(LocalDate.of(2025, 6, 14), LocalDate.of(2026, 6, 15)));
        assertThat(params.range("2026-03-01", null)).isEqualTo(new Range(LocalDate.of(2026, 3, 1), TODAY));
        assertThat(params.range("2026-03-01", "2026-03-01")).isEqualTo(
                new Range(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1)));
        assertThat(params.notes()).isEmpty();
    }

    @Test
    void aDateThatIsNotADateShowsTheLast90DaysAndWhatADateLooksLike() {
        assertThat(params.range("yesterday", null)).isEqualTo(new Range(TODAY.minusDays(89), TODAY));
        assertThat(params.notes()).containsExactly("Dates look like 2026-06-15; showing the last 90 days.");
    }

    @Test
    void aRangeBackwardsOrLongerThanAYearShowsTheLast90Days() {
        Range last90 = new Range(TODAY.minusDays(89), TODAY);
        assertThat(params.range("2026-05-01", "2026-04-01")).isEqualTo(last90);
        assertThat(params.range("2025-01-01", "2026-06-01")).isEqualTo(last90);
        assertThat(params.notes()).hasSize(2).allMatch(note -> note.equals(
                "Choose a range of at most a year, start before end; showing the last 90 days."));
    }

    @Test
    void myPeriodIs30Or90Days() {
        assertThat(params.days("90")).isEqualTo(90);
        assertThat(params.days("30")).isEqualTo(30);
        assertThat(params.notes()).isEmpty();
        assertThat(params.days("7")).isEqualTo(30);
        assertThat(params.notes()).containsExactly("Choose 30 or 90 days; showing the last 30.");
    }

    @Test
    void aTeamIsAtMost128PrintableCharacters() {
        assertThat(params.team("research")).isEqualTo("research");
        assertThat(params.team("-")).isEqualTo("-");
        assertThat(params.team("x".repeat(128))).hasSize(128);
        assertThat(params.notes()).isEmpty();
        assertThat(params.team("x".repeat(129))).isNull();
        assertThat(params.team("research\u0000")).isNull();
        assertThat(params.notes()).hasSize(2).allMatch(note -> note.equals(
                "A team name is at most 128 printable characters; showing everyone."));
    }

    @Test
    void peopleAreOrderedByAnOrderTheTableKnows() {
        assertThat(params.order("name")).isEqualTo(PersonOrder.NAME);
        assertThat(params.order("SPEND_ASC")).isEqualTo(PersonOrder.SPEND_ASC);
        assertThat(params.notes()).isEmpty();
        assertThat(params.order("sideways")).isEqualTo(PersonOrder.SPEND_DESC);
        assertThat(params.notes()).containsExactly(
                "People can be ordered by spend_desc, spend_asc or name; showing most spent first.");
    }

    @Test
    void aPageIsAWholeNumberFromOne() {
        assertThat(params.page(" 3 ")).isEqualTo(3);
        assertThat(params.notes()).isEmpty();
        assertThat(params.page("abc")).isEqualTo(1);
        assertThat(params.page("0")).isEqualTo(1);
        assertThat(params.page("-1")).isEqualTo(1);
        assertThat(params.page("99999999999")).isEqualTo(1);
        assertThat(params.notes()).hasSize(4)
                .allMatch(note -> note.equals("A page is a whole number from 1; showing page 1."));
    }

    @Test
    void aPagePastTheLastSaysHowManyThereAre() {
        params.pageShown(2, 2);
        assertThat(params.notes()).isEmpty();
        params.pageShown(3, 1);
        params.pageShown(9, 4);
        assertThat(params.notes()).containsExactly("There is 1 page of people; showing the last.",
                "There are 4 pages of people; showing the last.");
    }

    @Test
    void aPersonIsNamedByAnIdAndAnythingElseNamesNobody() {
        UUID id = UUID.randomUUID();
        assertThat(SpendParameters.personId(" " + id + " ")).isEqualTo(id);
        assertThat(SpendParameters.personId("not-a-person")).isNull();
        assertThat(SpendParameters.personId(null)).isNull();
        assertThat(SpendParameters.namesPerson("not-a-person")).isTrue();
        assertThat(SpendParameters.namesPerson(" ")).isFalse();
    }
}
