package dev.keyportal.keyrequest;

/** Where a request stands (docs/architecture.md, the request cycle). */
public enum RequestStatus {
    PENDING_APPROVAL, APPROVED, DENIED, ISSUING, ISSUED, FAILED, EXPIRED, CANCELLED;

    /** Requests that hold a claim on the person's key count and budget. */
    boolean open() {
        return this == PENDING_APPROVAL || this == APPROVED || this == ISSUING;
    }
}
