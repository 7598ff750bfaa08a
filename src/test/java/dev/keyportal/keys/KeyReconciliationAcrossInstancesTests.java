package dev.keyportal.keys;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.TwoInstanceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With two instances, the reconciliation runs once per period: whichever instance's timer fires first does the
 * work (one pass over LiteLLM's keys), the other finds the ShedLock lock held and skips until the period is over.
 */
class KeyReconciliationAcrossInstancesTests extends TwoInstanceTest {

    @Autowired
    KeyReconciliationJob firstInstanceJob;

    @BeforeEach
    void aFreshPeriod() {
        jdbc.update("delete from shedlock where name = 'key-reconciliation'");
        signedIn(uniquePerson("watched")).post("/keys", form("watched"));
    }

    @Test
    void theSecondInstanceSkipsAPeriodTheFirstAlreadyReconciled() {
        KeyReconciliationJob secondInstanceJob = second.bean(KeyReconciliationJob.class);
        long before = listings();

        firstInstanceJob.run();
        long afterOneRun = listings();
        secondInstanceJob.run();
        firstInstanceJob.run();

        assertThat(afterOneRun).as("the first run asks LiteLLM for keys").isGreaterThan(before);
        assertThat(listings()).as("later timers in the same period do nothing").isEqualTo(afterOneRun);

        periodEnds();
        secondInstanceJob.run();

        assertThat(listings()).as("the next period runs again, on whichever instance").isGreaterThan(afterOneRun);
    }

    @Test
    void timersFiringAtTheSameMomentOnBothInstancesRunOnce() throws Exception {
        KeyReconciliationJob secondInstanceJob = second.bean(KeyReconciliationJob.class);
        long before = listings();
        firstInstanceJob.run();
        long oneRun = listings() - before;
        periodEnds();

        long beforeRace = listings();
        AtOnce.run(() -> fire(firstInstanceJob), () -> fire(secondInstanceJob));

        assertThat(listings() - beforeRace).isEqualTo(oneRun);
    }

    private long listings() {
        return liteLlm.callCount("/key/list");
    }

    private void periodEnds() {
        jdbc.update("update shedlock set lock_until = now() - interval '1 second' where name = 'key-reconciliation'");
    }

    private static boolean fire(KeyReconciliationJob job) {
        job.run();
        return true;
    }
}
