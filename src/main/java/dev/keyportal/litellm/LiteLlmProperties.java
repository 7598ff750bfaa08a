package dev.keyportal.litellm;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the LiteLLM proxy is and how patiently to talk to it ({@code LITELLM_URL}, {@code LITELLM_MASTER_KEY}).
 * A missing URL or master key stops start-up with a message naming the setting, and so does a placeholder master
 * key (the demo's, or an example everyone knows) unless {@code PORTAL_DEMO=true}.
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
        @DefaultValue("5s") Duration healthCacheTtl,
        boolean placeholderKeyAllowed) {

    /** Master keys from examples and demos that anyone can look up, in lower case. */
    private static final Set<String> WELL_KNOWN_KEYS = Set.of("sk-1234", "sk-12345", "sk-123456", "sk-1234567890",
            "sk-master", "sk-master-key", "sk-admin", "sk-test", "sk-secret", "sk-password", "sk-litellm");

    public LiteLlmProperties {
        if (url == null || url.toString().isBlank() || url.getHost() == null) {
            throw new IllegalArgumentException("LITELLM_URL is not set: give the LiteLLM proxy's base URL,"
                    + " for example http://litellm:4000");
        }
        if (masterKey == null || !masterKey.startsWith("sk-") || masterKey.contains("${")) {
            throw new IllegalArgumentException("LITELLM_MASTER_KEY is not set to a LiteLLM master key"
                    + " (they start with sk-)");
        }
        if (isPlaceholder(masterKey) && !placeholderKeyAllowed) {
            throw new IllegalArgumentException("LITELLM_MASTER_KEY is a placeholder (the demo's key or a well-known"
                    + " example key): give the proxy a real master key, or set PORTAL_DEMO=true to run the demo");
        }
    }

    /** The demo's key ({@code sk-change-me-…}) or one of the example keys everyone knows, such as {@code sk-1234}. */
    static boolean isPlaceholder(String masterKey) {
        String key = masterKey.toLowerCase(Locale.ROOT);
        return WELL_KNOWN_KEYS.contains(key) || key.contains("change-me") || key.contains("changeme")
                || key.contains("placeholder") || key.matches("sk-(\\d*|x*)");
    }

    /** The base URL people point their SDKs at: {@code LITELLM_PUBLIC_URL}, else {@code LITELLM_URL}. */
    public URI baseUrlForUsers() {
        return publicUrl != null && !publicUrl.toString().isBlank() ? publicUrl : url;
    }

    @Override
    public String toString() {
        return "LiteLlmProperties[url=" + url + ", masterKey=[redacted], connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxConcurrentCalls=" + maxConcurrentCalls + ", publicUrl=" + publicUrl
                + ", healthCacheTtl=" + healthCacheTtl + ", placeholderKeyAllowed=" + placeholderKeyAllowed + "]";
    }
}
