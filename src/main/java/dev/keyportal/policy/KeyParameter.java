package dev.keyportal.policy;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits a key carries besides its models, each defined once: its LiteLLM name (which is also the request
 * form's field name), what kind of value it takes, and so how values are read, compared with a ceiling or a bound,
 * and shown. Labels, units and hints are message keys ({@code parameter.<name>.label}, {@code .unit}, {@code .hint}
 * in {@code messages.properties}). The request form, the policy (a default, a ceiling and a bound per parameter),
 * the approval review, the policy editor, budget increases and the audit trail all iterate over {@link #ALL}.
 *
 * <p>Adding a parameter means: a constant here, a column in {@code key_request}, {@code issued_key} and
 * {@code key_policy} (a migration and the embeddables' fields), and its message keys.
 */
public enum KeyParameter {

    MAX_BUDGET("max_budget", Kind.MONEY, "budget"),
    BUDGET_DURATION("budget_duration", Kind.RESET_PERIOD, "budget reset"),
    DURATION("duration", Kind.LIFETIME, "lifetime"),
    RPM_LIMIT("rpm_limit", Kind.COUNT, "requests per minute"),
    TPM_LIMIT("tpm_limit", Kind.COUNT, "tokens per minute"),
    MAX_PARALLEL_REQUESTS("max_parallel_requests", Kind.COUNT, "parallel requests");

    /** Every parameter, in the order forms and tables show them. */
    public static final List<KeyParameter> ALL = List.of(values());

    /** The request form's field name for the models (not a limit: models are judged by lists, not by a bound). */
    public static final String MODELS = "models";

    private final String field;
    private final Kind kind;
    private final String unit;

    KeyParameter(String field, Kind kind, String unit) {
        this.field = field;
        this.kind = kind;
        this.unit = unit;
    }

    /** How values of a parameter are read and compared. */
    public enum Kind {
        /** Dollars, whole cents; more is more. */
        MONEY(BigDecimal.class),
        /** A whole number; more is more. */
        COUNT(Integer.class),
        /** A LiteLLM duration such as {@code 90d}; longer is more. */
        LIFETIME(String.class),
        /** A LiteLLM duration such as {@code 30d} after which spend resets; shorter is more. */
        RESET_PERIOD(String.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        public Class<?> type() {
            return type;
        }

        public boolean period() {
            return this == LIFETIME || this == RESET_PERIOD;
        }
    }

    /** LiteLLM's name of the parameter, and the request form's field name. */
    public String field() {
        return field;
    }

    public Kind kind() {
        return kind;
    }

    /** The message key of the parameter's label, for templates. */
    public String labelKey() {
        return "parameter." + field + ".label";
    }

    /** The message key of the parameter's short name, for tables and sentences. */
    public String nameKey() {
        return "parameter." + field + ".name";
    }

    /** The message key of what a page says where the parameter has no value ("never", "no expiry"). */
    public String noneKey() {
        return "parameter." + field + ".none";
    }

    /** The message key of the hint under the request form's field. */
    public String hintKey() {
        return "parameter." + field + ".hint";
    }

    /** The unit as words in a sentence ("requests per minute"). */
    public String unit() {
        return unit;
    }

    /** True for the parameter whose bigger values are the more generous ones only when shorter (reset periods). */
    public boolean shorterIsMore() {
        return kind == Kind.RESET_PERIOD;
    }

    /** The form's input mode for this parameter. */
    public String inputMode() {
        return switch (kind) {
            case MONEY -> "decimal";
            case COUNT -> "numeric";
            default -> "text";
        };
    }

    /** The value of this parameter, checked against its type. */
    Object checked(Object value) {
        if (value == null) {
            return null;
        }
        if (!kind.type.isInstance(value)) {
            throw new IllegalArgumentException(field + " takes a " + kind.type.getSimpleName() + ", not " + value);
        }
        if (value instanceof String text) {
            return text.isBlank() ? null : text.trim();
        }
        return value;
    }

    /**
     * Compares two values by what they give: positive when {@code a} gives more than {@code b} (more money, a
     * higher limit, a longer life, a more frequent reset). Durations that cannot be read compare as empty.
     */
    public int compareGenerosity(Object a, Object b) {
        return switch (kind) {
            case MONEY -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case COUNT -> Integer.compare((Integer) a, (Integer) b);
            case LIFETIME -> DurationSpec.parse((String) a).orElseThrow()
                    .compareTo(DurationSpec.parse((String) b).orElseThrow());
            case RESET_PERIOD -> DurationSpec.parse((String) b).orElseThrow()
                    .compareTo(DurationSpec.parse((String) a).orElseThrow());
        };
    }

    /** True when both values are set (and, for periods, readable) and {@code a} gives more than {@code b}. */
    public boolean givesMore(Object a, Object b) {
        return comparable(a) && comparable(b) && compareGenerosity(a, b) > 0;
    }

    private boolean comparable(Object value) {
        return value != null && (!kind.period() || DurationSpec.parse((String) value).isPresent());
    }

    /** Two values are the same when they give the same ({@code 25} and {@code 25.00} are one budget). */
    public boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return kind == Kind.MONEY ? ((BigDecimal) a).compareTo((BigDecimal) b) == 0 : Objects.equals(a, b);
    }

    /** The value as a person reads it: {@code $25.00}, {@code 1,000,000}, {@code 30d}, or "none". */
    public String show(Object value) {
        if (value == null) {
            return "none";
        }
        return switch (kind) {
            case MONEY -> money((BigDecimal) value);
            case COUNT -> NumberFormat.getIntegerInstance(Locale.US).format(value);
            default -> value.toString();
        };
    }

    /** The value as a form input holds it: {@code 25.00}, {@code 1000000}, {@code 30d}, or empty. */
    public String plain(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal amount ? amount.toPlainString() : value.toString();
    }

    /** A number in a sentence, in this parameter's unit ("600 requests per minute", "$25.00", "7d"). */
    String inWords(Object value) {
        return switch (kind) {
            case MONEY -> money((BigDecimal) value);
            case COUNT -> value + " " + unit;
            default -> value.toString();
        };
    }

    /** The parameter whose form field (LiteLLM name) this is. */
    public static Optional<KeyParameter> byField(String field) {
        return ALL.stream().filter(parameter -> parameter.field.equals(field)).findFirst();
    }

    static String money(BigDecimal amount) {
        return NumberFormat.getCurrencyInstance(Locale.US).format(amount);
    }
}
