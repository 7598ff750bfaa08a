package dev.keyportal.keys;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link KeyReconciliation} periodically, on one instance at a time. */
@Component
@ConditionalOnProperty(name = "portal.jobs.enabled", havingValue = "true", matchIfMissing = true)
class KeyReconciliationJob {

    private final KeyReconciliation reconciliation;

    KeyReconciliationJob(KeyReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Scheduled(fixedDelayString = "${portal.keys.reconcile-interval:15m}", initialDelayString = "2m")
    @SchedulerLock(name = "key-reconciliation", lockAtMostFor = "30m")
    void run() {
        reconciliation.reconcile();
    }
}
