package dev.keyportal.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** LiteLLM durations as the portal reads them: what is accepted, what each unit means, how they compare. */
class DurationSpecTests {

    @ParameterizedTest
    @CsvSource({
            "30s, 30, s, PT30S",
            "15m, 15, m, PT15M",
            "12h, 12, h, PT12H",
            "30d, 30, d, PT720H",
            "2w, 2, w, PT336H",
            "1mo, 1, mo, PT720H",
            "3mo, 3, mo, PT2160H",
            "999999d, 999999, d, PT23999976H"})
    void readsANumberAndAUnit(String text, long amount, String unit, Duration duration) {
        DurationSpec spec = DurationSpec.parse(text).orElseThrow();

        assertThat(spec.amount()).isEqualTo(amount);
        assertThat(spec.unit()).isEqualTo(unit);
        assertThat(spec.toDuration()).isEqualTo(duration);
        assertThat(spec).hasToString(text);
    }

    @Test
    void ignoresSpaceAroundTheValue() {
        assertThat(DurationSpec.parse("  7d ")).contains(new DurationSpec(7, "d"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "30", "d", "0d", "-1d", "+1d", "01d", "1.5h", "1 d", "1D", "1month", "1y",
            "1ms", "1000000d", "30d30d"})
    void refusesAnythingElse(String text) {
        assertThat(DurationSpec.parse(text)).isEqualTo(Optional.empty());
    }

    @Test
    void comparesByLengthWhateverTheUnit() {
        List<DurationSpec> shortestFirst = List.of("90s", "2m", "1h", "61m", "1d", "25h", "1w", "8d", "1mo", "31d",
                "2mo").stream().map(text -> DurationSpec.parse(text).orElseThrow()).sorted().toList();

        assertThat(shortestFirst).map(DurationSpec::toString)
                .containsExactly("90s", "2m", "1h", "61m", "1d", "25h", "1w", "8d", "1mo", "31d", "2mo");
    }

    @ParameterizedTest
    @CsvSource({"1mo, 30d", "1w, 7d", "1d, 24h", "1h, 60m", "1m, 60s"})
    void theSameLengthInDifferentUnitsComparesEqual(String a, String b) {
        assertThat(DurationSpec.parse(a).orElseThrow().compareTo(DurationSpec.parse(b).orElseThrow())).isZero();
    }
}
