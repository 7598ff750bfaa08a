package dev.keyportal.keys;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link ExpiryReminders} periodically, on one instance at a time. */
@Component
class ExpiryReminderJob {

    private final ExpiryReminders reminders;

    ExpiryReminderJob(ExpiryReminders reminders) {
        this.reminders = reminders;
    }

    @Scheduled(fixedDelayString = "${portal.keys.expiry-reminder-interval:1h}", initialDelayString = "3m")
    @SchedulerLock(name = "expiry-reminder", lockAtLeastFor = "${portal.keys.expiry-reminder-interval:1h}",
            lockAtMostFor = "2h")
    void run() {
        reminders.remind();
    }
}
