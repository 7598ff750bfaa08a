/**
 * The only door to the LiteLLM proxy's admin API: typed calls in the portal's terms, bounded by timeouts
 * and a concurrency cap, with LiteLLM's error bodies turned into {@link dev.keyportal.litellm.LiteLlmException}.
 * Nothing outside this module knows LiteLLM's JSON.
 */
package dev.keyportal.litellm;
