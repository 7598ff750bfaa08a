package dev.keyportal.litellm;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the LiteLLM proxy is and how patiently to talk to it ({@code LITELLM_URL}, {@code LITELLM_MASTER_KEY}).
 * A missing URL or master key stops start-up with a message naming the setting.
 */
@Validated
@ConfigurationProperties("litellm")
public record LiteLlmProperties(
        URI url,
        String masterKey,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @Min(1) @Max(1000) int maxConcurrentCalls,
        URI publicUrl,
        @DefaultValue("5s") Duration healthCacheTtl) {

    public LiteLlmProperties {
        if (url == null || url.toString().isBlank() || url.getHost() == null) {
            throw new IllegalArgumentException("LITELLM_URL is not set: give the LiteLLM proxy's base URL,"
                    + " for example http://litellm:4000");
        }
        if (masterKey == null || !masterKey.startsWith("sk-") || masterKey.contains("${")) {
            throw new IllegalArgumentException("LITELLM_MASTER_KEY is not set to a LiteLLM master key"
                    + " (they start with sk-)");
        }
    }

    /** The base URL people point their SDKs at: {@code LITELLM_PUBLIC_URL}, else {@code LITELLM_URL}. */
    public URI baseUrlForUsers() {
        return publicUrl != null && !publicUrl.toString().isBlank() ? publicUrl : url;
    }

    @Override
    public String toString() {
        return "LiteLlmProperties[url=" + url + ", masterKey=[redacted], connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxConcurrentCalls=" + maxConcurrentCalls + ", publicUrl=" + publicUrl
                + ", healthCacheTtl=" + healthCacheTtl + "]";
    }
}
