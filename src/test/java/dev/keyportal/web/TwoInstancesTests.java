package dev.keyportal.web;

import java.util.List;
import java.util.Map;

import dev.keyportal.testsupport.AtOnce;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.TwoInstanceTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two portal instances on one database behind an imagined load balancer: a session started on one continues on
 * the other (Spring Session JDBC), and a double submit split across both still makes one key.
 */
class TwoInstancesTests extends TwoInstanceTest {

    @Test
    void aSessionStartedOnOneInstanceContinuesOnTheOther() {
        String person = uniquePerson("roaming");
        PortalClient first = signedIn(person);

        Page onSecond = first.sameBrowserAt(second.port()).get("/keys");

        assertThat(onSecond.status()).isEqualTo(200);
        assertThat(onSecond.uri().getPort()).isEqualTo(second.port());
        assertThat(onSecond.text()).contains("My keys", "No keys yet");
    }

    @Test
    void aDoubleSubmitSplitAcrossBothInstancesMakesOneKey() throws Exception {
        String person = uniquePerson("split");
        PortalClient first = signedIn(person);
        first.csrfToken();
        PortalClient other = first.sameBrowserAt(second.port());
        Map<String, List<String>> form = form("split-click");
        List<Page> pages = AtOnce.run(() -> first.post("/keys", form), () -> other.post("/keys", form));

        assertThat(pages).extracting(Page::status).containsExactlyInAnyOrder(200, 409);
        assertThat(liteLlm.keys()).filteredOn(k -> (person + "@example.com").equals(k.userId())).hasSize(1);
    }
}
