package dev.keyportal.policy;

/**
 * A save based on an outdated version: someone else changed the policy since the form was opened. Nothing was
 * saved; {@link #current()} is the policy as it stands now, with who changed it last and when.
 */
public class PolicyConflictException extends RuntimeException {

    private final transient PolicyEdit current;

    public PolicyConflictException(PolicyEdit current) {
        super("The policy changed meanwhile", null, false, false);
        this.current = current;
    }

    public PolicyEdit current() {
        return current;
    }
}
