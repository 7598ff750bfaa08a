package dev.keyportal.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which events an admin wants to see: a person (as actor or as subject), a key, a request, an action, an outcome
 * and a range of days (UTC, both ends included). Every part is optional; an empty filter means every event.
 */
public record AuditFilter(UUID person, UUID key, UUID request, String action, String outcome, LocalDate from,
        LocalDate to) {

    /** What an event came to, derived from its action: refusals and denials, failures, and everything else. */
    public static final java.util.List<String> OUTCOMES = java.util.List.of("succeeded", "refused", "failed");

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

    public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null, null);

    /** A filter read from the page's query parameters, or the message for each one that cannot be read. */
    public record Parsed(AuditFilter filter, Map<String, String> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Reads the raw parameters; blank ones are absent. */
    public static Parsed parse(String person, String key, String request, String action, String outcome,
            String from, String to) {
        Map<String, String> errors = new LinkedHashMap<>();
        UUID personId = id(person, "person", "Person must be a portal id (the long id in a person's links), such as"
                + " 3f2b8c1e-0c4d-4e5f-9a6b-7c8d9e0f1a2b.", errors);
        UUID keyId = id(key, "key", "Key must be a key's id (the last part of its page address).", errors);
        UUID requestId = id(request, "request", "Request must be a request's id (the last part of its page address).",
                errors);
        String chosenAction = blank(action) ? null : action.trim();
        if (chosenAction != null && !ACTION.matcher(chosenAction).matches()) {
            errors.put("action", "Action must be an action's name, such as key.blocked.");
            chosenAction = null;
        }
        String chosenOutcome = blank(outcome) ? null : outcome.trim();
        if (chosenOutcome != null && !OUTCOMES.contains(chosenOutcome)) {
            errors.put("outcome", "Outcome must be one of " + String.join(", ", OUTCOMES) + ".");
            chosenOutcome = null;
        }
        LocalDate fromDay = day(from, "from", errors);
        LocalDate toDay = day(to, "to", errors);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            errors.put("to", "The last day comes before the first day (" + fromDay + ").");
        }
        return new Parsed(new AuditFilter(personId, keyId, requestId, chosenAction, chosenOutcome, fromDay, toDay),
                errors);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The filter as query parameters, for links that keep it (paging, export). */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        Optional.ofNullable(person).ifPresent(v -> parameters.put("person", v.toString()));
        Optional.ofNullable(key).ifPresent(v -> parameters.put("key", v.toString()));
        Optional.ofNullable(request).ifPresent(v -> parameters.put("request", v.toString()));
        Optional.ofNullable(action).ifPresent(v -> parameters.put("action", v));
        Optional.ofNullable(outcome).ifPresent(v -> parameters.put("outcome", v));
        Optional.ofNullable(from).ifPresent(v -> parameters.put("from", v.toString()));
        Optional.ofNullable(to).ifPresent(v -> parameters.put("to", v.toString()));
        return parameters;
    }

    /** The SQL condition (without {@code where}) and its named parameters; {@code true} for no filter. */
    Map.Entry<String, Map<String, Object>> where() {
        java.util.List<String> conditions = new java.util.ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (person != null) {
            conditions.add("(actor_id = :person or (subject_type = 'USER' and subject_id = :personText))");
            params.put("person", person);
            params.put("personText", person.toString());
        }
        if (key != null) {
            conditions.add("subject_type = 'KEY' and subject_id = :keyText");
            params.put("keyText", key.toString());
        }
        if (request != null) {
            conditions.add("request_id = :request");
            params.put("request", request);
        }
        if (action != null) {
            conditions.add("action = :action");
            params.put("action", action);
        }
        if (outcome != null) {
            conditions.add("outcome = :outcome");
            params.put("outcome", outcome);
        }
        if (from != null) {
            conditions.add("occurred_at >= :from");
            params.put("from", java.sql.Timestamp.from(from.atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (to != null) {
            conditions.add("occurred_at < :to");
            params.put("to", java.sql.Timestamp.from(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        return Map.entry(conditions.isEmpty() ? "true" : String.join(" and ", conditions), params);
    }

    private static UUID id(String raw, String field, String message, Map<String, String> errors) {
        if (blank(raw)) {
            return null;
        }
        try {
            String text = raw.trim();
            UUID id = UUID.fromString(text);
            if (!id.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException(text);
            }
            return id;
        } catch (IllegalArgumentException e) {
            errors.put(field, message);
            return null;
        }
    }

    private static LocalDate day(String raw, String field, Map<String, String> errors) {
        if (blank(raw)) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            errors.put(field, "Write the day as year-month-day, such as 2026-03-31.");
            return null;
        }
    }

    private static boolean blank(String raw) {
        return raw == null || raw.isBlank();
    }
}
