package dev.keyportal.keyrequest;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link RequestExpiry} periodically, on one instance at a time. */
@Component
@ConditionalOnProperty(name = "portal.jobs.enabled", havingValue = "true", matchIfMissing = true)
class RequestExpiryJob {

    private final RequestExpiry expiry;

    RequestExpiryJob(RequestExpiry expiry) {
        this.expiry = expiry;
    }

    @Scheduled(fixedDelayString = "${portal.approvals.expiry-interval:15m}", initialDelayString = "1m")
    @SchedulerLock(name = "request-expiry", lockAtMostFor = "10m")
    void run() {
        expiry.expireOverdue();
    }
}
