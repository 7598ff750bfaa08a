package dev.keyportal.security;

import java.util.UUID;

/** A second identity presented a LiteLLM user id already bound to someone else; it is refused, never merged. */
public class IdentityConflictException extends RuntimeException {

    private final transient UUID holderId;

    public IdentityConflictException(String message) {
        this(message, null);
    }

    IdentityConflictException(String message, UUID holderId) {
        super(message);
        this.holderId = holderId;
    }

    /** The person whose record holds the user id, when known. */
    UUID holderId() {
        return holderId;
    }
}
