package dev.keyportal.keys;

/** The portal's view of a key's life. */
public enum KeyStatus {
    ACTIVE, BLOCKED, REVOKED, ROTATED;

    /** The key exists in LiteLLM: it works, or works again once unblocked. */
    public boolean live() {
        return this == ACTIVE || this == BLOCKED;
    }
}
