package dev.keyportal.keyrequest;

/** What a request asks for: a new key, or a bigger budget on an existing key. */
public enum RequestKind {
    NEW_KEY, BUDGET_INCREASE
}
