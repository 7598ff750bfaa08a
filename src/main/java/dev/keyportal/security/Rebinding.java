package dev.keyportal.security;

/** What an admin's re-binding of a person's record to another identity did. */
public sealed interface Rebinding {

    /** The record now belongs to the new identity; the old identity's sessions ended. */
    record Rebound(String person) implements Rebinding {
    }

    /** The record was bound to this identity already (a second submit): nothing changed. */
    record AlreadyBound(String person) implements Rebinding {
    }

    /** The new identity has a record of its own (named): re-binding would give one identity two records. */
    record IdentityTaken(String holder) implements Rebinding {
    }
}
