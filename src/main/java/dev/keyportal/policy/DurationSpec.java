package dev.keyportal.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LiteLLM duration ({@code duration}, {@code budget_duration}): a whole number and a unit — {@code s},
 * {@code m} (minutes), {@code h}, {@code d}, {@code w}, {@code mo} (months, compared as 30 days). Stricter than
 * LiteLLM's prefix parser: {@code 30}, {@code 1month} or {@code -1} are refused here rather than surprising
 * someone later.
 */
public record DurationSpec(long amount, String unit) implements Comparable<DurationSpec> {

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})(s|m|h|d|w|mo)");

    public static Optional<DurationSpec> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DurationSpec(Long.parseLong(matcher.group(1)), matcher.group(2)));
    }

    public Duration toDuration() {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            case "mo" -> Duration.ofDays(30 * amount);
            default -> throw new IllegalStateException(unit);
        };
    }

    @Override
    public int compareTo(DurationSpec other) {
        return toDuration().compareTo(other.toDuration());
    }

    @Override
    public String toString() {
        return amount + unit;
    }
}
