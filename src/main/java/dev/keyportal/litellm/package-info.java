/**
 * The only door to the LiteLLM proxy's admin API: typed calls in the portal's terms, bounded by timeouts
 * and a concurrency cap, with LiteLLM's error bodies turned into {@link dev.keyportal.litellm.LiteLlmException}.
 * Nothing outside this module knows LiteLLM's JSON: other modules use the public types of this package only;
 * the HTTP interface and the wire records in {@code litellm.internal} are not exposed (Spring Modulith refuses a
 * dependency on them).
 */
@ApplicationModule(allowedDependencies = {})
package dev.keyportal.litellm;

import org.springframework.modulith.ApplicationModule;
