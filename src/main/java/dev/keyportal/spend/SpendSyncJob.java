package dev.keyportal.spend;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link SpendSync} periodically, on one instance at a time. */
@Component
class SpendSyncJob {

    private final SpendSync sync;

    SpendSyncJob(SpendSync sync) {
        this.sync = sync;
    }

    @Scheduled(fixedDelayString = "${portal.spend.sync-interval:15m}", initialDelayString = "1m")
    @SchedulerLock(name = "spend-sync", lockAtLeastFor = "${portal.spend.sync-interval:15m}",
            lockAtMostFor = "30m")
    void run() {
        sync.sync();
    }
}
