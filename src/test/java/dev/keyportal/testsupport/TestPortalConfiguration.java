package dev.keyportal.testsupport;

import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Everything the portal needs around it, in-process: Postgres (Testcontainers or the local server), the demo
 * OIDC provider and the LiteLLM stand-in. Shared by the tests and by {@code ./mvnw spring-boot:test-run}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPortalConfiguration {

    /** Recognisable on purpose: tests grep logs, pages and tables for it. */
    public static final String MASTER_KEY = "sk-master-CANARY-9f8e7d6c5b4a39281706";

    private static LiteLlmStandIn standIn;
    private static GreenMail mail;

    /** An in-process SMTP server that keeps what the portal sends, shared by every context in this JVM. */
    public static synchronized GreenMail mail() {
        if (mail == null) {
            GreenMail started = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            started.start();
            mail = started;
        }
        return mail;
    }

    /** The stand-in shared by every context in this JVM, with the demo models. */
    public static synchronized LiteLlmStandIn standIn() {
        if (standIn == null) {
            standIn = LiteLlmStandIn.start(MASTER_KEY)
                    .withModel("gpt-4o-mini", "openai/gpt-4o-mini", List.of(), 1.5e-7, 6e-7)
                    .withModel("claude-haiku", "anthropic/claude-3-5-haiku", List.of(), 8e-7, 4e-6)
                    .withModel("gpt-4o", "openai/gpt-4o", List.of("premium-models"), 2.5e-6, 1e-5)
                    .withModel("claude-opus", "anthropic/claude-opus-4", List.of("premium-models"), 1.5e-5, 7.5e-5);
        }
        return standIn;
    }

    @Bean
    LiteLlmStandIn liteLlmStandIn() {
        return standIn();
    }

    @Bean
    DynamicPropertyRegistrar portalSurroundings() {
        return registry -> {
            registry.add("OIDC_ISSUER_URI", DemoIdentityProvider::issuerUri);
            registry.add("OIDC_CLIENT_ID", () -> DemoIdentityProvider.CLIENT_ID);
            registry.add("OIDC_CLIENT_SECRET", () -> DemoIdentityProvider.CLIENT_SECRET);
            registry.add("LITELLM_URL", () -> standIn().baseUrl());
            registry.add("LITELLM_MASTER_KEY", () -> MASTER_KEY);
            registry.add("portal.team-claim", () -> "team");
            registry.add("portal.admin-groups", () -> "portal-admins");
            registry.add("portal.approver-groups", () -> "portal-approvers");
            registry.add("spring.mail.port", () -> mail().getSmtp().getPort());
        };
    }

    @Bean
    @Conditional(DockerAbsent.class)
    DynamicPropertyRegistrar localPostgres() {
        return registry -> {
            TestDatabase.Local database = isDemo() ? TestDatabase.forDemo() : TestDatabase.forTests();
            registry.add("spring.datasource.url", database::url);
            registry.add("spring.datasource.username", database::username);
            registry.add("spring.datasource.password", database::password);
        };
    }

    @Bean
    @ServiceConnection
    @Conditional(DockerPresent.class)
    PostgreSQLContainer postgresContainer() {
        return new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"));
    }

    private static boolean isDemo() {
        return Boolean.getBoolean("keyportal.demo");
    }

    static final class DockerPresent implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return TestDatabase.DOCKER;
        }
    }

    static final class DockerAbsent implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !TestDatabase.DOCKER;
        }
    }
}
