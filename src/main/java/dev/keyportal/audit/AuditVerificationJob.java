package dev.keyportal.audit;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verifies what was added to the audit trail since the last run, then writes a checkpoint of the head, on one
 * instance at a time ({@code portal.audit.verify-interval}, 15 minutes by default).
 */
@Component
class AuditVerificationJob {

    private final AuditVerification verification;

    AuditVerificationJob(AuditVerification verification) {
        this.verification = verification;
    }

    @Scheduled(fixedDelayString = "${portal.audit.verify-interval:15m}", initialDelayString = "1m")
    @SchedulerLock(name = "audit-verification", lockAtLeastFor = "${portal.audit.verify-interval:15m}",
            lockAtMostFor = "30m")
    void run() {
        if (!verification.verify(false).broken()) {
            verification.checkpoint();
        }
    }
}
