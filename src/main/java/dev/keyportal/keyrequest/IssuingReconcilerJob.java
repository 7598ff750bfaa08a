package dev.keyportal.keyrequest;

import java.time.Duration;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the {@link IssuingReconciler} periodically, on one instance at a time. */
@Component
class IssuingReconcilerJob {

    private final IssuingReconciler reconciler;
    private final Duration settleAfter;

    IssuingReconcilerJob(IssuingReconciler reconciler, @Value("${portal.issuing.settle-after}") Duration settleAfter) {
        this.reconciler = reconciler;
        this.settleAfter = settleAfter;
    }

    @Scheduled(fixedDelayString = "${portal.issuing.reconcile-interval}",
            initialDelayString = "${portal.issuing.reconcile-interval}")
    @SchedulerLock(name = "issuing-reconciler", lockAtLeastFor = "${portal.issuing.reconcile-interval}",
            lockAtMostFor = "10m")
    void run() {
        reconciler.settleStale(settleAfter);
    }
}
