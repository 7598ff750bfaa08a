package dev.keyportal.security;

import java.util.ArrayList;
import java.util.List;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.TestPortalConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret at rest (docs/architecture.md): the plaintext key and the master key reach no table, no log line
 * (with DEBUG and the HTTP client's logging on), and no page but the one that issues the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTests extends FullStackTest {

    private static final List<String> NOISY = List.of("ROOT", "org.springframework.web", "org.springframework.http",
            "org.springframework.security", "dev.keyportal", "org.apache.http", "jdk.httpclient",
            "org.hibernate.SQL", "org.hibernate.orm.jdbc.bind");

    @Autowired
    LoggingSystem logging;

    @AfterEach
    void quiet() {
        NOISY.stream().filter(logger -> !logger.equals("ROOT")).forEach(logger -> logging.setLogLevel(logger, null));
        logging.setLogLevel("ROOT", LogLevel.INFO);
    }

    @Test
    void plaintextKeyAndMasterKeyStayOutOfLogsTablesAndLaterPages(CapturedOutput output) {
        NOISY.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
        logging.setLogLevel("org.hibernate.orm.jdbc.bind", LogLevel.TRACE);
        logging.setLogLevel("org.springframework.web.client", LogLevel.TRACE);
        String person = uniquePerson("canary");
        PortalClient browser = signedIn(person);

        Page issued = browser.post("/keys", form("canary"));
        String plaintext = liteLlm.issuedPlaintexts().stream().filter(issued.body()::contains).findFirst()
                .orElseThrow();
        List<Page> later = new ArrayList<>(List.of(browser.get("/"), browser.get("/keys"), browser.get("/requests"),
                browser.post("/keys", form("canary")), browser.get("/actuator/health"),
                browser.getWithoutRedirects("/actuator/prometheus", "Authorization", METRICS_AUTHORIZATION)));
        liteLlm.failNext("/key/generate", Fault.HTTP_401);
        later.add(browser.post("/keys", form("canary-401")));

        assertThat(output.getAll()).as("logs").contains("POST /keys")
                .doesNotContain(plaintext, TestPortalConfiguration.MASTER_KEY);
        assertThat(issued.body()).doesNotContain(TestPortalConfiguration.MASTER_KEY);
        for (Page page : later) {
            assertThat(page.body()).as(page.uri().toString()).doesNotContain(plaintext,
                    TestPortalConfiguration.MASTER_KEY);
        }
        assertThat(everyRowOfEveryTable()).doesNotContain(plaintext, TestPortalConfiguration.MASTER_KEY);
    }

    /** Every row of every table in the portal's schema as text, session attributes included. */
    private String everyRowOfEveryTable() {
        StringBuilder all = new StringBuilder();
        List<String> tables = jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public'", String.class);
        assertThat(tables).contains("issued_key", "key_request", "audit_event", "spring_session_attributes");
        for (String table : tables) {
            jdbc.queryForList("select t::text from \"" + table + "\" t", String.class).forEach(all::append);
        }
        jdbc.queryForList("select encode(attribute_bytes, 'escape') from spring_session_attributes",
                String.class).forEach(all::append);
        return all.toString();
    }
}
