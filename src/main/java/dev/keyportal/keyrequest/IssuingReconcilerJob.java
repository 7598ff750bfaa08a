package dev.keyportal.keyrequest;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link IssuingReconciler} periodically, on one instance at a time;
 * {@code keyportal.reconciler.requests.settled} counts the stale requests it settled (the backlog itself is the
 * {@code keyportal.issuing.unsettled} gauge).
 */
@Component
class IssuingReconcilerJob {

    private final IssuingReconciler reconciler;
    private final Duration settleAfter;

    private final Counter settled;

    IssuingReconcilerJob(IssuingReconciler reconciler, @Value("${portal.issuing.settle-after}") Duration settleAfter,
            MeterRegistry registry) {
        this.reconciler = reconciler;
        this.settleAfter = settleAfter;
        this.settled = Counter.builder("keyportal.reconciler.requests.settled")
                .description("Requests stuck in ISSUING that the reconciler settled").register(registry);
    }

    @Scheduled(fixedDelayString = "${portal.issuing.reconcile-interval}",
            initialDelayString = "${portal.issuing.reconcile-interval}")
    @SchedulerLock(name = "issuing-reconciler", lockAtLeastFor = "${portal.issuing.reconcile-interval}",
            lockAtMostFor = "10m")
    void run() {
        settled.increment(reconciler.settleStale(settleAfter));
    }
}
