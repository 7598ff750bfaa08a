package dev.keyportal;

import dev.keyportal.testsupport.DemoIdentityProvider;
import dev.keyportal.testsupport.TestPortalConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * {@code ./mvnw spring-boot:test-run}: the portal with everything around it in-process — Postgres, the demo
 * OIDC provider and the LiteLLM stand-in. None of this ships in the production jar.
 */
public class TestKeyPortalApplication {

    public static void main(String[] args) {
        System.setProperty("keyportal.demo", "true");
        SpringApplication.from(KeyPortalApplication::main)
                .with(TestPortalConfiguration.class, Welcome.class)
                .run(args);
    }

    /** Tells the newcomer where to go and how to sign in. */
    static class Welcome implements ApplicationListener<ApplicationReadyEvent> {

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            Environment env = event.getApplicationContext().getEnvironment();
            String port = env.getProperty("local.server.port", "8080");
            System.out.println("""

                    ================================================================
                     Key Portal is running:  http://localhost:%s
                     Sign in on the demo login page by typing one of these names:
                       alice, dave  employees, team research
                       erin         employee, team sales
                       bob          approver, team research
                       carol        admin
                     Identity provider:  %s
                     LiteLLM stand-in:   %s
                    ================================================================
                    """.formatted(port, DemoIdentityProvider.issuerUri(), TestPortalConfiguration.standIn().baseUrl()));
        }
    }
}
