package dev.keyportal.keys;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link KeyReconciliation} periodically, on one instance at a time. */
@Component
class KeyReconciliationJob {

    private final KeyReconciliation reconciliation;

    KeyReconciliationJob(KeyReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Scheduled(fixedDelayString = "${portal.keys.reconcile-interval:15m}", initialDelayString = "2m")
    @SchedulerLock(name = "key-reconciliation", lockAtLeastFor = "${portal.keys.reconcile-interval:15m}",
            lockAtMostFor = "30m")
    void run() {
        reconciliation.reconcile();
    }
}
