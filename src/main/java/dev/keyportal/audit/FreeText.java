package dev.keyportal.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;

/**
 * Text a person types that the portal stores, shows to others and audits (a key's name, a purpose, a reason, a
 * team's name): it must not hold anything shaped like a key ({@code sk-} and a long run of key characters, the
 * same shape the audit trail refuses to record), nor control characters, line or paragraph separators, or
 * invisible formatting characters such as a right-to-left override (U+202E) that make text read differently
 * from what it is. With {@code lineBreaks} a paragraph may hold line breaks and tabs. {@code null} is valid (pair
 * with {@code @NotBlank} where the text is required).
 */
@Documented
@Constraint(validatedBy = FreeText.Check.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface FreeText {

    /** What looks like a key to the portal: the audit trail refuses to record it, so forms refuse it first. */
    Pattern KEY_SHAPED = Pattern.compile("sk-[A-Za-z0-9_\\-]{16,}");

    String KEY_SHAPED_MESSAGE = "This looks like an API key. Never paste a key here: describe it in words instead.";

    String CHARACTERS_MESSAGE = "This contains control or invisible formatting characters (such as a right-to-left"
            + " override). Type it again as plain text.";

    boolean lineBreaks() default false;

    String message() default CHARACTERS_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a {@link FreeText} value, with the message that says which rule it breaks. */
    class Check implements ConstraintValidator<FreeText, String> {

        private boolean lineBreaks;

        /** What is wrong with this text, in words for the person who typed it; empty when it is fine (or null). */
        public static Optional<String> problem(String text, boolean lineBreaks) {
            if (text == null) {
                return Optional.empty();
            }
            if (KEY_SHAPED.matcher(text).find()) {
                return Optional.of(KEY_SHAPED_MESSAGE);
            }
            boolean unclean = text.codePoints().anyMatch(c -> switch (Character.getType(c)) {
                case Character.CONTROL -> !(lineBreaks && (c == '\n' || c == '\r' || c == '\t'));
                case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                        Character.SURROGATE -> true;
                default -> false;
            });
            return unclean ? Optional.of(CHARACTERS_MESSAGE) : Optional.empty();
        }

        @Override
        public void initialize(FreeText annotation) {
            this.lineBreaks = annotation.lineBreaks();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            Optional<String> problem = problem(value, lineBreaks);
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            });
            return problem.isEmpty();
        }
    }
}
