package dev.keyportal.testsupport;

import java.util.ArrayList;
import java.util.List;

import dev.keyportal.KeyPortalApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Another portal instance in this JVM on the same database, OIDC provider and LiteLLM as the shared test context —
 * what a second replica behind a load balancer would be. Its job timers are off like the first one's.
 */
public final class SecondInstance implements AutoCloseable {

    private static final List<String> SHARED = List.of("spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "OIDC_ISSUER_URI", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "LITELLM_URL",
            "LITELLM_MASTER_KEY", "portal.team-claim", "portal.admin-groups", "portal.approver-groups",
            "litellm.read-timeout", "litellm.connect-timeout");

    private final ConfigurableApplicationContext context;

    private SecondInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance configured like {@code first}; the database is already migrated by the first. */
    public static SecondInstance startLike(Environment first) {
        List<String> properties = new ArrayList<>();
        for (String name : SHARED) {
            properties.add(name + "=" + first.getProperty(name, ""));
        }
        properties.add("server.port=0");
        properties.add("portal.jobs.enabled=false");
        properties.add("spring.flyway.enabled=false");
        // as command-line arguments: they outrank application.yml (default properties would lose to its
        // server.port of 8080 and collide with anything already listening there)
        return new SecondInstance(new SpringApplicationBuilder(KeyPortalApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
