package dev.keyportal.litellm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiteLlmPropertiesTests {

    @Test
    void missingUrlStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> properties(URI.create(""), "sk-master"))
                .hasMessageContaining("LITELLM_URL is not set");
    }

    @Test
    void missingOrMalformedMasterKeyStopsStartUpWithoutEchoingIt() {
        assertThatThrownBy(() -> properties(URI.create("http://litellm:4000"), ""))
                .hasMessageContaining("LITELLM_MASTER_KEY");
        assertThatThrownBy(() -> properties(URI.create("http://litellm:4000"), "not-a-key-123"))
                .hasMessageContaining("LITELLM_MASTER_KEY").hasMessageNotContaining("not-a-key-123");
    }

    @Test
    void neverPrintsTheMasterKeyAndFallsBackToTheProxyUrlForUsers() {
        LiteLlmProperties properties = properties(URI.create("http://litellm:4000"), "sk-very-secret-master");

        assertThat(properties.toString()).doesNotContain("sk-very-secret-master");
        assertThat(properties.baseUrlForUsers()).isEqualTo(URI.create("http://litellm:4000"));
    }

    @Test
    void aPlaceholderMasterKeyStopsStartUpNamingTheSettingsWithoutEchoingIt() {
        for (String placeholder : List.of("sk-change-me-master-key", "sk-1234", "sk-12345", "sk-changeme",
                "sk-master-key", "sk-XXXXXXXX", "sk-placeholder-0000")) {
            assertThatThrownBy(() -> properties(URI.create("http://litellm:4000"), placeholder)).as(placeholder)
                    .hasMessageContaining("LITELLM_MASTER_KEY").hasMessageContaining("PORTAL_DEMO=true")
                    .hasMessageNotContaining(placeholder);
        }
    }

    @Test
    void thePortalRefusesToStartWithTheComposeDemoKeyUnlessItRunsAsTheDemo() throws IOException {
        String demoKey = Files.readAllLines(Path.of("deploy/demo.env")).stream()
                .filter(line -> line.startsWith("LITELLM_MASTER_KEY=")).findFirst().orElseThrow().split("=", 2)[1];
        ApplicationContextRunner portal = new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(Settings.class)
                .withPropertyValues("LITELLM_URL=http://litellm:4000", "LITELLM_MASTER_KEY=" + demoKey);

        portal.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("LITELLM_MASTER_KEY is a placeholder").hasMessageContaining("PORTAL_DEMO")
                .hasMessageNotContaining(demoKey));
        portal.withPropertyValues("PORTAL_DEMO=true").run(context -> assertThat(context).hasNotFailed()
                .getBean(LiteLlmProperties.class).extracting(LiteLlmProperties::masterKey).isEqualTo(demoKey));
        portal.withPropertyValues("LITELLM_MASTER_KEY=sk-Zt7qL0p9xVb3mN8rK2wY5e").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LiteLlmProperties.class)
    static class Settings {
    }

    private static LiteLlmProperties properties(URI url, String masterKey) {
        return new LiteLlmProperties(url, masterKey, Duration.ofSeconds(1), Duration.ofSeconds(1), 4, null,
                Duration.ofSeconds(5), false);
    }
}
