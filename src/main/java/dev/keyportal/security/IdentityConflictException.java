package dev.keyportal.security;

/** A second identity presented a LiteLLM user id already bound to someone else; it is refused, never merged. */
public class IdentityConflictException extends RuntimeException {

    public IdentityConflictException(String message) {
        super(message);
    }
}
