/**
 * Requesting a key: the form, the policy check, the request's state machine, and issuing — the protocol that
 * keeps LiteLLM and the portal consistent and shows a new key exactly once — with the reconciler that settles
 * requests whose outcome LiteLLM left unknown.
 */
@ApplicationModule(allowedDependencies = {"audit", "keys", "litellm", "policy", "security"})
package dev.keyportal.keyrequest;

import org.springframework.modulith.ApplicationModule;
