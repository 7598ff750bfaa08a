package dev.keyportal.litellm;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

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

    private static LiteLlmProperties properties(URI url, String masterKey) {
        return new LiteLlmProperties(url, masterKey, Duration.ofSeconds(1), Duration.ofSeconds(1), 4, null,
                Duration.ofSeconds(5));
    }
}
