package dev.keyportal;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Scheduled jobs take a lock in Postgres (ShedLock), so with several instances each job runs on one. Every job
 * holds its lock for at least its own interval ({@code lockAtLeastFor}): an instance whose timer fires a little
 * later in the same period finds the lock still held and skips, so a job runs once per period, not once per
 * instance. The jobs are beans in every instance (tests call them directly); their timers start only when
 * {@code portal.jobs.enabled} is not false.
 * <p>
 * {@code keyportal.job.last.start.age} (seconds, per {@code job}) says how long ago any instance last started each
 * locked job, read from the lock table at each scrape; a job that stopped running shows as a growing age.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "10m")
class SchedulingConfiguration {

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = "portal.jobs.enabled", havingValue = "true", matchIfMissing = true)
    static class Timers {
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }

    @Bean
    SmartInitializingSingleton jobAgeGauges(ConfigurableListableBeanFactory beans, MeterRegistry registry,
            JdbcClient jdbc) {
        return () -> {
            Set<String> jobs = new TreeSet<>();
            for (String name : beans.getBeanDefinitionNames()) {
                Class<?> type = beans.getType(name, false);
                if (type == null || !type.getPackageName().startsWith("dev.keyportal")) {
                    continue;
                }
                ReflectionUtils.doWithMethods(ClassUtils.getUserClass(type), (Method method) -> {
                    SchedulerLock lock = method.getAnnotation(SchedulerLock.class);
                    if (lock != null) {
                        jobs.add(lock.name());
                    }
                });
            }
            jobs.forEach(job -> Gauge.builder("keyportal.job.last.start.age", () -> lastStartAge(jdbc, job))
                    .description("Seconds since any instance last started the job (NaN: never)")
                    .baseUnit("seconds").tag("job", job).register(registry));
        };
    }

    private static double lastStartAge(JdbcClient jdbc, String job) {
        return jdbc.sql("select extract(epoch from (timezone('utc', now()) - locked_at)) from shedlock where name = :job")
                .param("job", job).query(Double.class).optional().orElse(Double.NaN);
    }
}
