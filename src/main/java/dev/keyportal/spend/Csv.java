package dev.keyportal.spend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV that is safe to open in a spreadsheet: every cell quoted, quotes doubled, and a cell that a spreadsheet would
 * read as a formula ({@code = + - @}, tab, carriage return) prefixed with an apostrophe.
 */
final class Csv {

    private Csv() {
    }

    static String row(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static boolean isNumber(String text) {
        return text.matches("-?[0-9]+(\\.[0-9]+)?");
    }
}
