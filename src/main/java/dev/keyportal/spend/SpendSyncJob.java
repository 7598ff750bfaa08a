package dev.keyportal.spend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link SpendSync} periodically, on one instance at a time, then {@link BudgetWarnings} on what it found. {@code keyportal.spend.sync.runs} counts runs by
 * result (complete, or stopped because LiteLLM failed); {@code keyportal.spend.sync.lag} is how many seconds ago the
 * copy last took in a day, read from the database so every instance reports the same.
 */
@Component
class SpendSyncJob {

    private final SpendSync sync;
    private final BudgetWarnings warnings;
    private final MeterRegistry registry;

    SpendSyncJob(SpendSync sync, BudgetWarnings warnings, MeterRegistry registry, JdbcClient jdbc) {
        this.sync = sync;
        this.warnings = warnings;
        this.registry = registry;
        Gauge.builder("keyportal.spend.sync.lag", () -> jdbc
                        .sql("select extract(epoch from (now() - synced_at)) from spend_sync where name = 'spend'")
                        .query(Double.class).optional().orElse(Double.NaN))
                .description("Seconds since the spend copy last took in a day from LiteLLM (NaN: never)")
                .baseUnit("seconds").register(registry);
        // both series from the start, so a rate over them is defined before the first failure
        runs(true);
        runs(false);
    }

    @Scheduled(fixedDelayString = "${portal.spend.sync-interval:15m}", initialDelayString = "1m")
    @SchedulerLock(name = "spend-sync", lockAtLeastFor = "${portal.spend.sync-interval:15m}",
            lockAtMostFor = "30m")
    void run() {
        runs(sync.sync().complete()).increment();
        warnings.warn();
    }

    private Counter runs(boolean complete) {
        return Counter.builder("keyportal.spend.sync.runs").description("Spend sync runs by result")
                .tag("result", complete ? "complete" : "incomplete").register(registry);
    }
}
