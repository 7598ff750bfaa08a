package dev.keyportal.keyrequest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal process dies between LiteLLM creating the key and the portal committing it: a separate portal process
 * is killed (SIGKILL) while LiteLLM holds its answer. Nothing in that process can clean up; the reconciler on a
 * surviving instance deletes the orphaned key and frees the person to ask again.
 */
class ProcessCrashTests extends FullStackTest {

    @Autowired
    Environment environment;

    @Autowired
    IssuingReconciler reconciler;

    @Test
    void aKeyOrphanedByAProcessKilledBeforeItsCommitIsDeletedByTheSurvivor() throws Exception {
        String person = uniquePerson("crash");
        String userId = person + "@example.com";
        PortalClient browser = signedIn(person);
        browser.csrfToken();
        try (PortalProcess doomed = PortalProcess.startLike(environment, "litellm.read-timeout=5m")) {
            liteLlm.failNext("/key/generate", Fault.CREATE_THEN_HANG);
            PortalClient onDoomed = browser.sameBrowserAt(doomed.port());
            CompletableFuture<?> click = CompletableFuture.runAsync(() -> onDoomed.post("/keys", form("orphan")));
            Awaitility.await("LiteLLM created the key").atMost(Duration.ofSeconds(30))
                    .until(() -> keysOf(userId) == 1);

            doomed.kill();
            liteLlm.releaseHeld();
            assertThat(click).failsWithin(Duration.ofSeconds(30));
        }

        assertThat(requestStatus("orphan", person)).isEqualTo("ISSUING");
        assertThat(jdbc.queryForObject("select count(*) from issued_key k join portal_user u on u.id = k.owner_id"
                + " where u.subject = ?", Integer.class, person)).isZero();

        reconciler.settleStale(Duration.ZERO);

        assertThat(requestStatus("orphan", person)).isEqualTo("FAILED");
        assertThat(keysOf(userId)).as("the orphan is gone from LiteLLM").isZero();
        String id = jdbc.queryForObject("""
                select r.id::text from key_request r join portal_user u on u.id = r.requester_id
                where r.key_alias = 'orphan' and u.subject = ?""", String.class, person);
        assertThat(browser.get("/requests/" + id).text()).contains("half-made key was deleted");

        browser.post("/keys", form("second-try"));
        assertThat(requestStatus("second-try", person)).isEqualTo("ISSUED");
        String secondTry = jdbc.queryForObject("""
                select k.token_hash from issued_key k join portal_user u on u.id = k.owner_id
                where u.subject = ? and k.key_alias = 'second-try'""", String.class, person);
        assertThat(liteLlm.keys()).filteredOn(k -> userId.equals(k.userId())).extracting(StandInKey::token)
                .containsExactly(secondTry);
    }

    private long keysOf(String userId) {
        return liteLlm.keys().stream().filter(k -> userId.equals(k.userId())).count();
    }
}
