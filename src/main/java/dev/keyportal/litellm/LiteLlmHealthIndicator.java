package dev.keyportal.litellm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code litellm} in {@code /actuator/health}: up when the proxy answers its liveliness probe. Anyone may ask for
 * the health, so the probe's answer is kept for {@code LITELLM_HEALTHCACHETTL} and only one probe is out at a
 * time: while one is, others get the last answer (the very first waits for it). The probe takes none of the call
 * slots that issuing and the other LiteLLM calls share. The gauge {@code keyportal.litellm.up} reads the same probe.
 */
@Component("litellm")
class LiteLlmHealthIndicator extends AbstractHealthIndicator {

    private final LiteLlmGateway gateway;
    private final Clock clock;
    private final Duration cacheTtl;
    private final ReentrantLock probing = new ReentrantLock();
    private volatile Probe last;

    LiteLlmHealthIndicator(LiteLlmGateway gateway, Clock clock, LiteLlmProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        this.gateway = gateway;
        this.clock = clock;
        this.cacheTtl = properties.healthCacheTtl();
        registry.ifAvailable(meters -> Gauge.builder("keyportal.litellm.up", () -> alive() ? 1 : 0)
                .description("1 when LiteLLM answers its liveliness probe (the same cached probe as the health)")
                .register(meters));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (alive()) {
            builder.up();
        } else {
            builder.down();
        }
    }

    private boolean alive() {
        Probe known = last;
        if (fresh(known)) {
            return known.alive();
        }
        if (!probing.tryLock()) {
            if (known != null) {
                return known.alive();
            }
            probing.lock();
        }
        try {
            known = last;
            if (fresh(known)) {
                return known.alive();
            }
            boolean alive = gateway.alive();
            last = new Probe(alive, clock.instant());
            return alive;
        } finally {
            probing.unlock();
        }
    }

    private boolean fresh(Probe probe) {
        return probe != null && probe.at().plus(cacheTtl).isAfter(clock.instant());
    }

    private record Probe(boolean alive, Instant at) {
    }
}
