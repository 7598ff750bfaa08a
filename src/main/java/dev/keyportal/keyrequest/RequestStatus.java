package dev.keyportal.keyrequest;

/** DESIGN: the key request cycle. */
public enum RequestStatus {
    PENDING_APPROVAL, APPROVED, DENIED, ISSUING, ISSUED, FAILED, EXPIRED, CANCELLED;

    /** Requests that hold a claim on the person's key count and budget. */
    boolean open() {
        return this == PENDING_APPROVAL || this == APPROVED || this == ISSUING;
    }
}
