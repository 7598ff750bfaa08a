package dev.keyportal.keys;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link KeyRouteLimits} periodically, on one instance at a time. */
@Component
class KeyRouteLimitJob {

    private final KeyRouteLimits limits;

    KeyRouteLimitJob(KeyRouteLimits limits) {
        this.limits = limits;
    }

    @Scheduled(fixedDelayString = "${portal.keys.route-limit-interval:1h}", initialDelayString = "3m")
    @SchedulerLock(name = "key-route-limits", lockAtLeastFor = "${portal.keys.route-limit-interval:1h}",
            lockAtMostFor = "30m")
    void run() {
        limits.limitAll();
    }
}
