package dev.keyportal.spend;

import java.time.LocalDate;

import dev.keyportal.spend.SpendDashboards.PersonOrder;
import dev.keyportal.spend.SpendExport.Refusal;
import dev.keyportal.spend.SpendParameters.Range;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** A CSV link naming a table that does not exist is told which ones do, before anything is read. */
class SpendExportTests {

    private static final Range RANGE = new Range(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31));
    private final SpendExport export = new SpendExport(null);

    @Test
    void anUnknownOrgTableListsTheTablesThereAre() {
        assertThat(export.table("secrets", null, RANGE, null, PersonOrder.SPEND_DESC)).isEqualTo(new Refusal(
                HttpStatus.BAD_REQUEST, "There is no table 'secrets' to export. Choose team, person, top, model, day,"
                        + " growers, budget (key needs person=<id>)."));
        assertThat(export.table("key", " ", RANGE, null, PersonOrder.SPEND_DESC))
                .isInstanceOf(Refusal.class).extracting("status").isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aPersonHasOnlyTheirKeyAndModelTables() {
        assertThat(export.table("team", "someone", RANGE, null, PersonOrder.SPEND_DESC)).isEqualTo(new Refusal(
                HttpStatus.BAD_REQUEST, "There is no table 'team' to export. Choose key, model with person=."));
    }

    @Test
    void anEchoedTableNameIsPrintableAndShort() {
        assertThat(SpendExport.clip("a\u0000b\nc")).isEqualTo("a?b?c");
        assertThat(SpendExport.clip("x".repeat(41))).isEqualTo("x".repeat(40) + "…");
    }
}
