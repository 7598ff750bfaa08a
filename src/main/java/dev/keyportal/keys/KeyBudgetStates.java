package dev.keyportal.keys;

import java.util.Collection;
import java.util.Map;

import dev.keyportal.security.PortalUser;

/**
 * The copy of every key's spend and budget state that the spend sync keeps (the spend module implements this; keys
 * only reads through it). Pages show these figures with their age instead of asking LiteLLM on every view.
 */
public interface KeyBudgetStates {

    /** The copied state of each of these keys (by token hash) that has one. */
    Map<String, KeyBudgetState> of(Collection<String> tokenHashes);

    /**
     * Asks LiteLLM now for the person's keys and records what it says. False when LiteLLM did not answer; the copy
     * then stays as it was.
     */
    boolean refresh(PortalUser person);
}
