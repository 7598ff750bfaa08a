package dev.keyportal.keyrequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.keyportal.security.PortalUser;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every form carries a submission id; a request is stored at most once per person and submission id. Storing
 * happens in one transaction under a per-person lock, so parallel submits of the same form, and parallel
 * submits that together would break a per-person cap, are decided one after the other. A person stores at most
 * {@code portal.keys.max-requests-per-hour} requests of any kind (new keys, rotations, budget increases) within an
 * hour, counted in the database so across instances.
 */
@Component
class Submissions {

    private final KeyRequestRepository requests;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;

    private final Clock clock;
    private final int maxRequestsPerHour;

    Submissions(KeyRequestRepository requests, TransactionTemplate transaction, JdbcTemplate jdbc, Clock clock,
            @Value("${portal.keys.max-requests-per-hour:20}") int maxRequestsPerHour) {
        this.requests = requests;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxRequestsPerHour = maxRequestsPerHour;
    }

    /** The request this form already produced, if it was submitted before. */
    Optional<KeyRequestView> earlier(PortalUser user, UUID submissionId) {
        return requests.findByRequesterIdAndSubmissionId(user.id(), submissionId).map(KeyRequest::view);
    }

    /**
     * Runs {@code store} (which judges, then either answers without storing anything or saves and audits a new
     * request) unless this submission was stored already, which is then the result, or the person has reached the
     * hourly number of requests ({@link SubmitOutcome.TooManyRequests}). Exceptions from {@code store} roll the
     * transaction back and propagate.
     */
    Submission once(PortalUser user, UUID submissionId, Supplier<Submission> store) {
        return transaction.execute(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(hashtext(?))", Object.class, user.id().toString());
            Optional<KeyRequest> earlier = requests.findByRequesterIdAndSubmissionId(user.id(), submissionId);
            if (earlier.isPresent()) {
                return new Submission.Repeated(earlier.get().view());
            }
            if (requests.countByRequesterIdAndCreatedAtAfter(user.id(), clock.instant().minus(Duration.ofHours(1)))
                    >= maxRequestsPerHour) {
                return Submission.answered(new SubmitOutcome.TooManyRequests(maxRequestsPerHour));
            }
            return store.get();
        });
    }
}
