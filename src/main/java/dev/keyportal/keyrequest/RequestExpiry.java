package dev.keyportal.keyrequest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires requests nobody acted on: pending longer than {@code portal.approvals.pending-ttl}, or approved and not
 * collected within {@code portal.approvals.collect-within}. The requester sees the note on the request.
 */
@Service
public class RequestExpiry {

    private static final Logger log = LoggerFactory.getLogger(RequestExpiry.class);

    private final KeyRequestRepository requests;
    private final RequestChanges changes;
    private final TransactionTemplate transaction;
    private final RequestExpiryProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RequestExpiry(KeyRequestRepository requests, RequestChanges changes, TransactionTemplate transaction,
            RequestExpiryProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.changes = changes;
        this.transaction = transaction;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /** Expires what is overdue now; returns how many requests expired. */
    public int expireOverdue() {
        Instant now = clock.instant();
        int expired = expire(requests.findByStatusAndCreatedAtBefore(RequestStatus.PENDING_APPROVAL,
                now.minus(properties.pendingTtl())), "No approver decided within " + days(properties.pendingTtl())
                        + ", so the request expired. Ask again if you still need the key.");
        expired += expire(requests.findByStatusAndDecidedAtBefore(RequestStatus.APPROVED,
                now.minus(properties.collectWithin())), "The approved key was not collected within "
                        + days(properties.collectWithin()) + ", so the approval expired. Ask again if you still"
                        + " need the key.");
        log.info("Request expiry: {} request(s) expired", expired);
        return expired;
    }

    private int expire(List<KeyRequest> overdue, String note) {
        int expired = 0;
        for (KeyRequest candidate : overdue) {
            Boolean done = transaction.execute(status -> {
                KeyRequest request = requests.lockById(candidate.id()).orElseThrow();
                if (!request.canExpire()) {
                    return false;
                }
                changes.commit(request.expire(note, clock.instant()));
                events.publishEvent(KeyRequestDecided.of(request));
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                expired++;
            }
        }
        return expired;
    }

    private static String days(java.time.Duration duration) {
        long days = duration.toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : duration.toHours() + " hours";
    }
}
