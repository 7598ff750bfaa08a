package dev.keyportal.litellm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.LiteLlmStandIn;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/health} is open to anyone: its LiteLLM probe must not reach LiteLLM once per visitor, and must
 * neither wait for nor take the call slots that issuing needs.
 */
class LiteLlmHealthTests {

    private static final String MASTER_KEY = "sk-health-test-master-key-0123456789";
    private static final String PROBE = "/health/liveliness";

    private final LiteLlmStandIn standIn = LiteLlmStandIn.start(MASTER_KEY);
    private final MovableClock clock = new MovableClock();

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void manyHealthChecksWithinTheCacheTimeMakeOneProbe() {
        runner().run(context -> {
            HealthIndicator health = context.getBean("litellm", HealthIndicator.class);

            List<Health> answers = new ArrayList<>(AtOnce.run(Collections.nCopies(20, (Supplier<Health>) health::health)));
            for (int i = 0; i < 30; i++) {
                answers.add(health.health());
            }
            clock.move(Duration.ofSeconds(9));
            Health stillCached = health.health();

            assertThat(answers).extracting(Health::getStatus).containsOnly(Status.UP);
            assertThat(stillCached.getStatus()).isEqualTo(Status.UP);
            assertThat(standIn.callCount(PROBE)).isEqualTo(1);

            clock.move(Duration.ofSeconds(2));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(standIn.callCount(PROBE)).isEqualTo(2);
        });
    }

    @Test
    void theProbeTakesNoCallSlot() {
        standIn.setDelay(Duration.ofSeconds(4));
        standIn.failNext("/key/list", Fault.TIMEOUT);
        runner().withPropertyValues("litellm.max-concurrent-calls=1").run(context -> {
            LiteLlmGateway gateway = context.getBean(LiteLlmGateway.class);
            HealthIndicator health = context.getBean("litellm", HealthIndicator.class);
            CompletableFuture<List<KeyState>> slow = CompletableFuture.supplyAsync(() -> gateway.keysWithAlias("busy"));
            await().atMost(Duration.ofSeconds(3)).until(() -> standIn.callCount("/key/list") == 1);

            long started = System.nanoTime();
            Health answer = health.health();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.getStatus()).isEqualTo(Status.UP);
            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(slow).isNotDone();
            assertThat(slow.join()).isEmpty();
        });
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(LiteLlmModule.class)
                .withBean(Clock.class, () -> clock)
                .withPropertyValues("litellm.url=" + standIn.baseUrl(), "litellm.master-key=" + MASTER_KEY,
                        "litellm.connect-timeout=1s", "litellm.read-timeout=6s", "litellm.max-concurrent-calls=4",
                        "litellm.health-cache-ttl=10s");
    }

    /** The litellm module on its own: the gateway, its HTTP client and the health indicator. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LiteLlmProperties.class)
    @ComponentScan(basePackageClasses = LiteLlmGateway.class)
    static class LiteLlmModule {
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-01-05T09:00:00Z");

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
