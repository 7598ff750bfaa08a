package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.keyportal.audit.FreeText;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The one way field messages reach a form: binding and validation errors are in the {@link BindingResult}
 * already; messages the policy gives by form field name (a verdict's refusals, a policy's incoherences) are
 * added to it here, so templates show both the same way ({@code th:errors}, {@code #fields}).
 */
public final class FormErrors {

    private FormErrors() {
    }

    /**
     * Adds each message beside its field; a message for a field the form does not have becomes a message for
     * the whole form.
     */
    public static void reject(BindingResult binding, Map<String, String> messages, List<String> formFields) {
        messages.forEach((field, message) -> {
            if (formFields.contains(field)) {
                binding.rejectValue(field, "policy." + field, message);
            } else {
                binding.reject("policy." + field, message);
            }
        });
    }

    /**
     * Every message by field name (the first of each field, element errors such as {@code models[2]} under
     * {@code models}; messages for the whole form under {@code global}), for a page reached by a redirect.
     */
    public static Map<String, String> messages(BindingResult binding, MessageSource messageSource) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (ObjectError error : binding.getAllErrors()) {
            String field = error instanceof FieldError fieldError
                    ? fieldError.getField().replaceAll("\\[\\d+]$", "") : "global";
            messages.putIfAbsent(field, messageSource.getMessage(error, LocaleContextHolder.getLocale()));
        }
        return messages;
    }

    /**
     * What the person typed into each of these fields, as text, for a page reached by a redirect (it travels in
     * the session, which is stored, so text shaped like a key is left out).
     */
    public static Map<String, String> typed(BindingResult binding, List<String> fields) {
        Map<String, String> typed = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = binding.getFieldValue(field);
            String text = value == null ? "" : value instanceof BigDecimal amount ? amount.toPlainString()
                    : value.toString();
            typed.put(field, FreeText.KEY_SHAPED.matcher(text).find() ? "" : text);
        }
        return typed;
    }

    /** The first field, in the form's order, that has an error: the page puts focus there. */
    public static Optional<String> firstError(BindingResult binding, List<String> formFields) {
        return formFields.stream().filter(binding::hasFieldErrors).findFirst();
    }
}
