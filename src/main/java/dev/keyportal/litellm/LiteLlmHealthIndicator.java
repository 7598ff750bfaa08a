package dev.keyportal.litellm;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** {@code litellm} in {@code /actuator/health}: up when the proxy answers its liveliness probe. */
@Component("litellm")
class LiteLlmHealthIndicator extends AbstractHealthIndicator {

    private final LiteLlmGateway gateway;

    LiteLlmHealthIndicator(LiteLlmGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (gateway.alive()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
