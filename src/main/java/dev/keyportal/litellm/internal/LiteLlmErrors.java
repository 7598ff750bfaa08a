package dev.keyportal.litellm.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Pattern;

import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmException.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * Turns what LiteLLM answered — error body shapes A ({@code error}), B ({@code detail}) and C (422 list) — or
 * failed to answer into a {@link LiteLlmException}. Messages are scrubbed of anything that looks like a key.
 */
public final class LiteLlmErrors {

    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_\\-.]{4,}");
    private static final int MAX_MESSAGE = 300;

    private final JsonMapper mapper;
    private final String masterKey;

    public LiteLlmErrors(JsonMapper mapper, String masterKey) {
        this.mapper = mapper;
        this.masterKey = masterKey;
    }

    /** An error status with its body. */
    public LiteLlmException fromResponse(int status, byte[] body) {
        String type = null;
        String message = null;
        try {
            JsonNode root = mapper.readTree(body);
            JsonNode error = root.path("error");
            JsonNode detail = root.path("detail");
            if (error.isObject()) {
                type = textOrNull(error.path("type"));
                message = textOrNull(error.path("message"));
            } else if (detail.isArray() && !detail.isEmpty()) {
                JsonNode first = detail.get(0);
                message = first.path("loc").toString() + ": " + first.path("msg").asString("invalid");
                type = "validation_error";
            } else if (detail.isObject()) {
                message = textOrNull(detail.path("error"));
            } else if (detail.isString()) {
                message = detail.asString();
            }
        } catch (RuntimeException unreadable) {
            message = null;
        }
        if (message == null) {
            message = "LiteLLM answered HTTP " + status;
        }
        return new LiteLlmException(kindOf(status), status, type, scrub(message));
    }

    /** A failure of the HTTP exchange itself (no usable answer). */
    public LiteLlmException fromClientFailure(RuntimeException failure) {
        if (failure instanceof LiteLlmException known) {
            return known;
        }
        if (failure instanceof ResourceAccessException access) {
            Throwable cause = access.getCause();
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
                return new LiteLlmException(Kind.UNAVAILABLE, 0, null, "LiteLLM could not be reached");
            }
            if (cause instanceof HttpTimeoutException) {
                return new LiteLlmException(Kind.TIMEOUT, 0, null, "LiteLLM did not answer in time");
            }
            if (cause instanceof IOException) {
                return new LiteLlmException(Kind.CONNECTION_LOST, 0, null, "The connection to LiteLLM broke");
            }
        }
        if (failure instanceof RestClientException) {
            return new LiteLlmException(Kind.MALFORMED_RESPONSE, 200, null, "LiteLLM answered with unreadable JSON");
        }
        return new LiteLlmException(Kind.MALFORMED_RESPONSE, 0, null,
                "Unexpected failure talking to LiteLLM (" + failure.getClass().getSimpleName() + ")");
    }

    private static Kind kindOf(int status) {
        if (status == 401 || status == 403) {
            return Kind.UNAUTHORIZED;
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status >= 500) {
            return Kind.SERVER_ERROR;
        }
        return Kind.REJECTED;
    }

    String scrub(String message) {
        String scrubbed = message;
        if (masterKey != null && !masterKey.isEmpty()) {
            scrubbed = scrubbed.replace(masterKey, "[redacted]");
        }
        scrubbed = KEY_LIKE.matcher(scrubbed).replaceAll("sk-…");
        scrubbed = scrubbed.replaceAll("\\p{Cntrl}", " ");
        return scrubbed.length() > MAX_MESSAGE ? scrubbed.substring(0, MAX_MESSAGE) + "…" : scrubbed;
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }
}
