package dev.keyportal.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A daily stacked bar chart of spend by series (models, usually), laid out here and drawn by the template as SVG:
 * no script, no inline style, so the Content-Security-Policy stays strict. The five largest series keep their own
 * colour; the rest are stacked as "other". Beside the bars the page shows an amount axis (highest day, half, zero)
 * and a day axis (first, middle, last day), and under them the same figures as a table, for screen readers and
 * anyone who wants the numbers.
 */
public record SpendChart(int width, int height, List<Bar> bars, List<Legend> legend, String peak, String summary,
        List<String> amountAxis, List<String> dayAxis, List<Row> rows) {

    static final int BAR_WIDTH = 10;
    static final int HEIGHT = 160;
    private static final int SERIES = 5;

    /** One day's spend in one series. */
    public record Point(LocalDate day, String series, BigDecimal spend) {
    }

    /** One day: its stacked segments, bottom up, and a tooltip. */
    public record Bar(int x, String title, List<Segment> segments) {
    }

    public record Segment(int y, int height, int series) {
    }

    public record Legend(String label, int series) {
    }

    /** One day as the chart's table shows it: the amount of each legend entry, in the legend's order, and the total. */
    public record Row(LocalDate day, List<String> amounts, String total) {
    }

    public boolean empty() {
        return bars.stream().allMatch(bar -> bar.segments().isEmpty());
    }

    static SpendChart of(LocalDate from, LocalDate to, List<Point> points) {
        Map<String, BigDecimal> bySeries = points.stream().collect(Collectors.groupingBy(Point::series,
                Collectors.reducing(BigDecimal.ZERO, Point::spend, BigDecimal::add)));
        List<String> named = bySeries.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(bySeries.size() > SERIES + 1 ? SERIES : SERIES + 1).map(Map.Entry::getKey).toList();
        Map<LocalDate, Map<Integer, BigDecimal>> days = new TreeMap<>();
        for (Point point : points) {
            int series = named.indexOf(point.series());
            days.computeIfAbsent(point.day(), d -> new TreeMap<>())
                    .merge(series < 0 ? named.size() : series, point.spend(), BigDecimal::add);
        }
        BigDecimal peak = days.values().stream().map(day -> day.values().stream().reduce(BigDecimal.ZERO,
                BigDecimal::add)).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        int count = (int) ChronoUnit.DAYS.between(from, to) + 1;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalDate day = from.plusDays(i);
            Map<Integer, BigDecimal> spent = days.getOrDefault(day, Map.of());
            BigDecimal total = spent.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            List<Segment> segments = new ArrayList<>();
            int top = HEIGHT;
            for (Map.Entry<Integer, BigDecimal> part : spent.entrySet()) {
                int height = scale(part.getValue(), peak);
                if (height > 0) {
                    top = Math.max(0, top - height);
                    segments.add(new Segment(top, height, part.getKey()));
                }
            }
            bars.add(new Bar(i * BAR_WIDTH, day + ": $" + total.setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    segments));
        }
        List<Legend> legend = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            legend.add(new Legend(named.get(i), i));
        }
        if (bySeries.size() > named.size()) {
            legend.add(new Legend("other", named.size()));
        }
        String peakLabel = dollars(peak);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalDate day = from.plusDays(i);
            Map<Integer, BigDecimal> spent = days.getOrDefault(day, Map.of());
            List<String> amounts = new ArrayList<>();
            for (int series = 0; series < legend.size(); series++) {
                amounts.add(dollars(spent.getOrDefault(series, BigDecimal.ZERO)));
            }
            rows.add(new Row(day, amounts, dollars(spent.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))));
        }
        List<String> amountAxis = List.of(peakLabel, dollars(peak.divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP)),
                "$0");
        List<String> dayAxis = List.of(from.toString(), from.plusDays((count - 1) / 2).toString(), to.toString());
        String summary = "Daily spend from " + from + " to " + to + ", highest day " + peakLabel + ", split by "
                + legend.stream().map(Legend::label).collect(Collectors.joining(", "));
        return new SpendChart(count * BAR_WIDTH, HEIGHT, bars, legend, peakLabel, summary, amountAxis, dayAxis, rows);
    }

    private static String dollars(BigDecimal amount) {
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static int scale(BigDecimal spend, BigDecimal peak) {
        if (peak.signum() == 0 || spend.signum() <= 0) {
            return 0;
        }
        return Math.max(1, spend.multiply(BigDecimal.valueOf(HEIGHT)).divide(peak, 0, RoundingMode.HALF_UP).intValue());
    }
}
