package dev.keyportal.audit;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Applies the audit retention once a day on one instance; does nothing without {@code portal.audit.retention}. */
@Component
class AuditPruningJob {

    private final AuditPruning pruning;

    AuditPruningJob(AuditPruning pruning) {
        this.pruning = pruning;
    }

    @Scheduled(fixedDelayString = "${portal.audit.prune-interval:24h}", initialDelayString = "10m")
    @SchedulerLock(name = "audit-retention", lockAtLeastFor = "${portal.audit.prune-interval:24h}",
            lockAtMostFor = "2h")
    void run() {
        pruning.prune();
    }
}
