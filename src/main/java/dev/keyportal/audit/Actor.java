package dev.keyportal.audit;

import java.util.UUID;

/** Who did something the audit trail records: a person (their portal id and name) or a named part of the system. */
public record Actor(UUID id, String name) {

    /** A job acting on its own, such as {@code system} or {@code reconciliation}; it has no portal id. */
    public static Actor system(String name) {
        return new Actor(null, name);
    }
}
