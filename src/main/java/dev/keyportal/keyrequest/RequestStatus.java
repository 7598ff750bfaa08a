package dev.keyportal.keyrequest;

/** Where a request stands (docs/architecture.md, the request cycle). */
public enum RequestStatus {
    PENDING_APPROVAL, APPROVED, DENIED, ISSUING, ISSUED, FAILED, EXPIRED, CANCELLED;

    /** Requests that hold a claim on the person's key count and budget. */
    boolean open() {
        return this == PENDING_APPROVAL || this == APPROVED || this == ISSUING;
    }

    /** Waiting for an approver: the only state a decision can be made in. */
    boolean awaitsDecision() {
        return this == PENDING_APPROVAL;
    }

    /**
     * Waiting for an approver or for the requester to collect it; nothing has been sent to LiteLLM yet. The
     * requester may still withdraw it, and it expires when nobody acts on it in time.
     */
    boolean waiting() {
        return this == PENDING_APPROVAL || this == APPROVED;
    }

    /** Approved and not collected: a request of this kind is issued when its requester collects it. */
    boolean collectable(RequestKind kind) {
        return this == APPROVED && kind != RequestKind.BUDGET_INCREASE;
    }

    /** An approved budget increase LiteLLM has not taken yet: it can be sent (again). */
    boolean applicable(RequestKind kind) {
        return this == APPROVED && kind == RequestKind.BUDGET_INCREASE;
    }
}
