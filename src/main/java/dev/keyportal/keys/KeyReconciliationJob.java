package dev.keyportal.keys;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link KeyReconciliation} periodically, on one instance at a time; {@code keyportal.reconciler.keys.updated}
 * counts the keys it brought in line with LiteLLM.
 */
@Component
class KeyReconciliationJob {

    private final KeyReconciliation reconciliation;
    private final Counter updated;

    KeyReconciliationJob(KeyReconciliation reconciliation, MeterRegistry registry) {
        this.reconciliation = reconciliation;
        this.updated = Counter.builder("keyportal.reconciler.keys.updated")
                .description("Keys the reconciler updated to match LiteLLM").register(registry);
    }

    @Scheduled(fixedDelayString = "${portal.keys.reconcile-interval:15m}", initialDelayString = "2m")
    @SchedulerLock(name = "key-reconciliation", lockAtLeastFor = "${portal.keys.reconcile-interval:15m}",
            lockAtMostFor = "30m")
    void run() {
        updated.increment(reconciliation.reconcile());
    }
}
