package dev.keyportal.web;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.SecondInstance;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two portal instances on one database behind an imagined load balancer: a session started on one continues on
 * the other (Spring Session JDBC), and a double submit split across both still makes one key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTests extends FullStackTest {

    @Autowired
    Environment environment;

    private SecondInstance second;
    private int secondPort;

    @BeforeAll
    void startSecondInstance() {
        second = SecondInstance.startLike(environment);
        secondPort = second.port();
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSessionStartedOnOneInstanceContinuesOnTheOther() {
        String person = uniquePerson("roaming");
        PortalClient first = signedIn(person);

        Page onSecond = first.sameBrowserAt(secondPort).get("/keys");

        assertThat(onSecond.status()).isEqualTo(200);
        assertThat(onSecond.uri().getPort()).isEqualTo(secondPort);
        assertThat(onSecond.text()).contains("My keys", "No keys yet");
    }

    @Test
    void aDoubleSubmitSplitAcrossBothInstancesMakesOneKey() throws Exception {
        String person = uniquePerson("split");
        PortalClient first = signedIn(person);
        first.csrfToken();
        PortalClient other = first.sameBrowserAt(secondPort);
        Map<String, List<String>> form = form("split-click");
        List<Page> pages = AtOnce.run(() -> first.post("/keys", form), () -> other.post("/keys", form));

        assertThat(pages).extracting(Page::status).containsExactlyInAnyOrder(200, 409);
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).hasSize(1);
    }
}
