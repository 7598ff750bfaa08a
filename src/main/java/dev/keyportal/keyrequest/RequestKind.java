package dev.keyportal.keyrequest;

/** What a request asks for: a new key, a bigger budget on an existing key, or a fresh key replacing one. */
public enum RequestKind {
    NEW_KEY, BUDGET_INCREASE, ROTATION
}
