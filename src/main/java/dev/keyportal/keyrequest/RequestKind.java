package dev.keyportal.keyrequest;

/**
 * What a request asks for: a new key, a bigger budget on an existing key, a fresh key replacing one, or (an admin's)
 * adoption of a key made in LiteLLM outside the portal.
 */
public enum RequestKind {
    NEW_KEY, BUDGET_INCREASE, ROTATION, IMPORT
}
