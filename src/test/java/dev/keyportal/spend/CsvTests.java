package dev.keyportal.spend;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV cells open in a spreadsheet as the text they hold: quoted, and never run as a formula. */
class CsvTests {

    @Test
    void everyCellIsQuotedAndARowEndsWithCrLf() {
        assertThat(Csv.row(List.of("gpt-4o-mini", "1.250000", "3"))).isEqualTo("\"gpt-4o-mini\",\"1.250000\",\"3\"\r\n");
    }

    @Test
    void quotesAreDoubledAndCommasAndLineBreaksStayInsideTheCell() {
        assertThat(Csv.cell("the \"big\" team")).isEqualTo("\"the \"\"big\"\" team\"");
        assertThat(Csv.row(List.of("a,b", "line\nbreak"))).isEqualTo("\"a,b\",\"line\nbreak\"\r\n");
    }

    @Test
    void aMissingValueIsAnEmptyCell() {
        assertThat(Csv.row(Arrays.asList(null, ""))).isEqualTo("\"\",\"\"\r\n");
    }

    @Test
    void cellsASpreadsheetWouldReadAsAFormulaGetAnApostrophe() {
        assertThat(Csv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(Csv.cell("+cmd")).isEqualTo("\"'+cmd\"");
        assertThat(Csv.cell("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(Csv.cell("\tcmd")).isEqualTo("\"'\tcmd\"");
        assertThat(Csv.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
        assertThat(Csv.cell("=spender@example.com")).isEqualTo("\"'=spender@example.com\"");
    }

    @Test
    void numbersAndTextThatMerelyContainsAFormulaSignStayAsTheyAre() {
        assertThat(Csv.cell("-1.500000")).isEqualTo("\"-1.500000\"");
        assertThat(Csv.cell("-3")).isEqualTo("\"-3\"");
        assertThat(Csv.cell("0.750000")).isEqualTo("\"0.750000\"");
        assertThat(Csv.cell("a=b")).isEqualTo("\"a=b\"");
        assertThat(Csv.cell("x@example.com")).isEqualTo("\"x@example.com\"");
    }
}
