package dev.keyportal.litellm;

/**
 * A call to LiteLLM that did not succeed, with a {@link Kind} the web layer can explain. The message is
 * LiteLLM's own (keys scrubbed) or the portal's; it never carries a key or the master key.
 */
public class LiteLlmException extends RuntimeException {

    /** What went wrong, in terms of what the portal should do next. */
    public enum Kind {
        /** LiteLLM could not be reached at all: nothing happened there. */
        UNAVAILABLE(false),
        /** LiteLLM did not answer within the read timeout: it may still have done the work. */
        TIMEOUT(true),
        /** The connection broke after the request was sent: it may have done the work. */
        CONNECTION_LOST(true),
        /** LiteLLM answered 5xx: it may have written before failing. */
        SERVER_ERROR(true),
        /** LiteLLM answered 2xx with a body the portal cannot read: the work may have happened. */
        MALFORMED_RESPONSE(true),
        /** LiteLLM refused the portal's master key (401/403). */
        UNAUTHORIZED(false),
        /** The object does not exist in LiteLLM. */
        NOT_FOUND(false),
        /** LiteLLM refused the request as invalid (400/409/422). */
        REJECTED(false),
        /** The portal is already waiting on too many LiteLLM calls; this one was not sent. */
        BUSY(false);

        private final boolean outcomeUnknown;

        Kind(boolean outcomeUnknown) {
            this.outcomeUnknown = outcomeUnknown;
        }
    }

    private final Kind kind;
    private final int status;
    private final String errorType;

    public LiteLlmException(Kind kind, int status, String errorType, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status LiteLLM answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** LiteLLM's error {@code type} ({@code bad_request_error}, {@code not_found_error}, …), or null. */
    public String errorType() {
        return errorType;
    }

    /** True when LiteLLM may have done the work although the portal saw a failure (docs/architecture.md, issuing). */
    public boolean outcomeUnknown() {
        return kind.outcomeUnknown;
    }

    /** True for failures that a repeated read may get past. */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE || kind.outcomeUnknown || kind == Kind.BUSY;
    }
}
