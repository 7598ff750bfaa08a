package dev.keyportal.spend;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.keyportal.spend.SpendChart.Bar;
import dev.keyportal.spend.SpendChart.Legend;
import dev.keyportal.spend.SpendChart.Point;
import dev.keyportal.spend.SpendChart.Segment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily stacked bar chart: a bar per day, the busiest day full height, the largest series named. */
class SpendChartTests {

    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);

    @Test
    void aBarForEveryDayOfTheRangeEvenWithoutSpend() {
        SpendChart chart = SpendChart.of(FROM, FROM.plusDays(6), List.of(point(2, "gpt-4o-mini", "1.00")));

        assertThat(chart.bars()).hasSize(7).extracting(Bar::x).containsExactly(0, 10, 20, 30, 40, 50, 60);
        assertThat(chart.width()).isEqualTo(70);
        assertThat(chart.height()).isEqualTo(160);
        assertThat(chart.bars().get(0).segments()).isEmpty();
        assertThat(chart.bars().get(0).title()).isEqualTo("2026-03-01: $0.00");
        assertThat(chart.bars().get(2).title()).isEqualTo("2026-03-03: $1.00");
        assertThat(chart.empty()).isFalse();
    }

    @Test
    void axesAndATableGiveTheFiguresInWords() {
        SpendChart chart = SpendChart.of(FROM, FROM.plusDays(4), List.of(point(0, "gpt-4o-mini", "4.00"),
                point(0, "gpt-4o", "1.25"), point(3, "gpt-4o-mini", "0.50")));

        assertThat(chart.amountAxis()).containsExactly("$5.25", "$2.63", "$0");
        assertThat(chart.dayAxis()).containsExactly("2026-03-01", "2026-03-03", "2026-03-05");
        assertThat(chart.legend()).extracting(Legend::label).containsExactly("gpt-4o-mini", "gpt-4o");
        assertThat(chart.rows()).hasSize(5);
        assertThat(chart.rows().get(0)).isEqualTo(new SpendChart.Row(FROM, List.of("$4.00", "$1.25"), "$5.25"));
        assertThat(chart.rows().get(1)).isEqualTo(new SpendChart.Row(FROM.plusDays(1), List.of("$0.00", "$0.00"),
                "$0.00"));
        assertThat(chart.rows().get(3).amounts()).containsExactly("$0.50", "$0.00");
    }

    @Test
    void theBusiestDayIsFullHeightAndOthersInProportion() {
        SpendChart chart = SpendChart.of(FROM, FROM.plusDays(1),
                List.of(point(0, "gpt-4o-mini", "4.00"), point(1, "gpt-4o-mini", "1.00")));

        assertThat(chart.bars().get(0).segments()).containsExactly(new Segment(0, 160, 0));
        assertThat(chart.bars().get(1).segments()).containsExactly(new Segment(120, 40, 0));
        assertThat(chart.peak()).isEqualTo("$4.00");
    }

    @Test
    void seriesStackBottomUpInTheOrderOfTheirTotals() {
        SpendChart chart = SpendChart.of(FROM, FROM, List.of(point(0, "small", "1.00"), point(0, "large", "3.00")));

        assertThat(chart.legend()).containsExactly(new Legend("large", 0), new Legend("small", 1));
        assertThat(chart.bars().get(0).segments()).containsExactly(new Segment(40, 120, 0), new Segment(0, 40, 1));
        assertThat(chart.bars().get(0).title()).isEqualTo("2026-03-01: $4.00");
    }

    @Test
    void aTinyAmountStillShowsAsAPixel() {
        SpendChart chart = SpendChart.of(FROM, FROM, List.of(point(0, "big", "1000.00"), point(0, "tiny", "0.01")));

        assertThat(chart.bars().get(0).segments()).extracting(Segment::height).containsExactly(160, 1);
    }

    @Test
    void sixSeriesAreAllNamedButFromSevenTheSmallestAreStackedAsOther() {
        List<Point> six = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            six.add(point(0, "model-" + i, i + ".00"));
        }
        assertThat(SpendChart.of(FROM, FROM, six).legend()).extracting(Legend::label)
                .containsExactly("model-6", "model-5", "model-4", "model-3", "model-2", "model-1");

        List<Point> seven = new ArrayList<>(six);
        seven.add(point(0, "model-0", "0.50"));
        SpendChart chart = SpendChart.of(FROM, FROM, seven);

        assertThat(chart.legend()).extracting(Legend::label)
                .containsExactly("model-6", "model-5", "model-4", "model-3", "model-2", "other");
        assertThat(chart.legend().get(5).series()).isEqualTo(5);
        assertThat(chart.bars().get(0).segments()).hasSize(6).last().extracting(Segment::series).isEqualTo(5);
        assertThat(chart.summary()).isEqualTo("Daily spend from 2026-03-01 to 2026-03-01, highest day $21.50,"
                + " split by model-6, model-5, model-4, model-3, model-2, other");
    }

    @Test
    void withoutSpendTheChartIsEmpty() {
        SpendChart chart = SpendChart.of(FROM, FROM.plusDays(29), List.of());

        assertThat(chart.empty()).isTrue();
        assertThat(chart.bars()).hasSize(30);
        assertThat(chart.legend()).isEmpty();
        assertThat(chart.peak()).isEqualTo("$0.00");
    }

    private static Point point(int day, String series, String usd) {
        return new Point(FROM.plusDays(day), series, new BigDecimal(usd));
    }
}
