package dev.keyportal.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** Formatting for templates ({@code ${@formats.money(x)}}): money as $1,234.56, dates absolute and relative. */
@Component("formats")
class Formats {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    Formats(Clock clock) {
        this.clock = clock;
    }

    public String money(BigDecimal amount) {
        return amount == null ? "—" : NumberFormat.getCurrencyInstance(Locale.US).format(amount);
    }

    public String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant);
    }

    /** "in 12 days", "3 hours ago", "never" for null. */
    public String relative(Instant instant) {
        if (instant == null) {
            return "never";
        }
        Duration delta = Duration.between(clock.instant(), instant);
        boolean future = !delta.isNegative();
        Duration size = delta.abs();
        String amount;
        if (size.toDays() >= 2) {
            amount = Math.round(size.toHours() / 24.0) + " days";
        } else if (size.toHours() >= 2) {
            amount = size.toHours() + " hours";
        } else if (size.toMinutes() >= 2) {
            amount = size.toMinutes() + " minutes";
        } else {
            return "just now";
        }
        return future ? "in " + amount : amount + " ago";
    }
}
