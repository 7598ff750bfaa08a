package dev.keyportal.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structured logs ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} uses the same encoder) are one JSON object per
 * line, and each line written while a request is handled carries that request's id.
 */
class StructuredLogTests extends FullStackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void jsonLinesCarryTheRequestId() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger dispatcher = context.getLogger("org.springframework.web.servlet.DispatcherServlet");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Level before = dispatcher.getLevel();
        dispatcher.addAppender(appender);
        dispatcher.setLevel(Level.DEBUG);
        try {
            PortalClient.at(port).getWithoutRedirects("/actuator/health", "X-Request-Id", "trace-me-4711");
        } finally {
            dispatcher.setLevel(before);
            dispatcher.detachAppender(appender);
            appender.stop();
        }

        List<JsonNode> events = out.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
        assertThat(events).filteredOn(event -> event.path("message").asString("").contains("/actuator/health"))
                .as("the dispatcher's line about the request, as JSON").hasSize(1)
                .allSatisfy(event -> {
                    assertThat(event.path("@timestamp").isMissingNode()).isFalse();
                    assertThat(event.path("requestId").asString(null)).isEqualTo("trace-me-4711");
                });
    }
}
