package dev.keyportal.policy;

import java.time.Duration;
import java.time.Instant;
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
    private static final long MAX_AMOUNT = 999_999;

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z -]*");
    private static final java.util.Map<String, String> WORDS = java.util.Map.of("hourly", "1h", "daily", "1d",
            "nightly", "1d", "weekly", "7d", "monthly", "30d or 1mo");

    /**
     * Why a word such as {@code monthly} (the Terraform module's {@code budget_duration}) is refused as a reset
     * period, and what to write instead; empty when {@code text} is not a word. LiteLLM's parser
     * ({@code duration_parser.py}) knows no words: as a {@code budget_duration} it keeps the value and resets the
     * budget every midnight, as a {@code duration} it fails.
     */
    public static Optional<String> wordAsResetPeriod(String text) {
        return word(text).map(word -> "LiteLLM does not understand words such as \"" + word + "\": it would keep"
                + " the value and reset the budget every midnight. Use " + WORDS.getOrDefault(word.toLowerCase(
                        java.util.Locale.ROOT), "a number and a unit such as 7d, 30d or 1mo") + " instead.");
    }

    /** Why a word such as {@code monthly} is refused as a key lifetime; empty when {@code text} is not a word. */
    public static Optional<String> wordAsLifetime(String text) {
        return word(text).map(word -> "LiteLLM does not understand words such as \"" + word + "\" and would refuse"
                + " the key. Use a number and a unit such as 30d, 12w or 3mo instead.");
    }

    private static Optional<String> word(String text) {
        return text == null || !WORD.matcher(text.trim()).matches() ? Optional.empty() : Optional.of(text.trim());
    }

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

    /**
     * The time left from {@code now} until {@code expiry} as a duration LiteLLM takes: in seconds, or in minutes,
     * hours or days when the number would be too long, rounded down so that a key made with it never outlives
     * {@code expiry}. Empty when less than a second is left.
     */
    public static Optional<DurationSpec> remaining(Instant now, Instant expiry) {
        long seconds = Duration.between(now, expiry).getSeconds();
        if (seconds < 1) {
            return Optional.empty();
        }
        if (seconds <= MAX_AMOUNT) {
            return Optional.of(new DurationSpec(seconds, "s"));
        }
        if (seconds / 60 <= MAX_AMOUNT) {
            return Optional.of(new DurationSpec(seconds / 60, "m"));
        }
        if (seconds / 3600 <= MAX_AMOUNT) {
            return Optional.of(new DurationSpec(seconds / 3600, "h"));
        }
        return Optional.of(new DurationSpec(Math.min(seconds / 86400, MAX_AMOUNT), "d"));
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
