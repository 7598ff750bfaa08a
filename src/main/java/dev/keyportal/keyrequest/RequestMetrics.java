package dev.keyportal.keyrequest;

import java.time.Duration;
import java.util.Locale;
import java.util.TreeSet;

import dev.keyportal.litellm.LiteLlmException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What operators chart about requests: {@code keyportal.requests} counts every answer to a form (new key, collect,
 * rotation, budget) by outcome and reason; {@code keyportal.approval.wait} times how long a request waited for its
 * decision; {@code keyportal.requests.waiting} and {@code keyportal.issuing.unsettled} are read from the database at
 * each scrape, so every instance reports the same figures.
 */
@Component
class RequestMetrics {

    static final String REQUESTS = "keyportal.requests";
    static final String APPROVAL_WAIT = "keyportal.approval.wait";

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        Gauge.builder("keyportal.requests.waiting", () -> count(jdbc, RequestStatus.PENDING_APPROVAL))
                .description("Requests waiting for an approver").register(registry);
        Gauge.builder("keyportal.issuing.unsettled", () -> count(jdbc, RequestStatus.ISSUING))
                .description("Requests whose key LiteLLM has not confirmed yet; the issuing reconciler settles them")
                .register(registry);
    }

    /** Counts one answer to a form; {@code action} is new, collect, rotate or budget. */
    void outcome(String action, SubmitOutcome outcome) {
        String name = "failed";
        String reason = "none";
        if (outcome instanceof SubmitOutcome.Issued) {
            name = "issued";
        } else if (outcome instanceof SubmitOutcome.Pending) {
            name = "pending";
        } else if (outcome instanceof SubmitOutcome.Applied) {
            name = "applied";
        } else if (outcome instanceof SubmitOutcome.AlreadySubmitted) {
            name = "already_submitted";
        } else if (outcome instanceof SubmitOutcome.TooManyRequests) {
            name = "refused";
            reason = "rate_limit";
        } else if (outcome instanceof SubmitOutcome.Refused refused) {
            name = "refused";
            reason = String.join("+", new TreeSet<>(refused.fieldErrors().keySet()));
        } else if (outcome instanceof SubmitOutcome.Failed failed) {
            reason = kind(failed.cause());
        } else if (outcome instanceof SubmitOutcome.OutcomeUnknown unknown) {
            name = "outcome_unknown";
            reason = kind(unknown.cause());
        }
        Counter.builder(REQUESTS).description("Answers to key forms, by action, outcome and reason")
                .tag("action", action).tag("outcome", name).tag("reason", reason.isEmpty() ? "none" : reason)
                .register(registry).increment();
    }

    /** Times a decision (approved, denied, expired) from the request's submission. */
    void decided(KeyRequest request) {
        if (request.decidedAt() == null || request.createdAt() == null) {
            return;
        }
        Timer.builder(APPROVAL_WAIT).description("How long requests waited for their decision")
                .tag("decision", request.status().name().toLowerCase(Locale.ROOT))
                .register(registry).record(Duration.between(request.createdAt(), request.decidedAt()));
    }

    private static String kind(LiteLlmException cause) {
        return cause == null ? "unknown" : cause.kind().name().toLowerCase(Locale.ROOT);
    }

    private static long count(JdbcClient jdbc, RequestStatus status) {
        return jdbc.sql("select count(*) from key_request where status = :status").param("status", status.name())
                .query(Long.class).single();
    }
}
