package dev.keyportal.policy;

import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Which policy applies to whom: the person's team override, else the global policy. */
@Service
public class Policies {

    private final KeyPolicies policies;

    Policies(KeyPolicies policies) {
        this.policies = policies;
    }

    @Transactional(readOnly = true)
    public Policy applicableTo(PortalUser user) {
        if (user.team() != null) {
            var teamPolicy = policies.findByTeam(user.team());
            if (teamPolicy.isPresent()) {
                return teamPolicy.get().toPolicy();
            }
        }
        return policies.findGlobal()
                .orElseThrow(() -> new IllegalStateException("No global key policy: migration V3 seeds one"))
                .toPolicy();
    }
}
