package dev.keyportal.keyrequest;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link RequestExpiry} periodically, on one instance at a time. */
@Component
class RequestExpiryJob {

    private final RequestExpiry expiry;

    RequestExpiryJob(RequestExpiry expiry) {
        this.expiry = expiry;
    }

    @Scheduled(fixedDelayString = "${portal.approvals.expiry-interval:15m}", initialDelayString = "1m")
    @SchedulerLock(name = "request-expiry", lockAtLeastFor = "${portal.approvals.expiry-interval:15m}",
            lockAtMostFor = "30m")
    void run() {
        expiry.expireOverdue();
    }
}
