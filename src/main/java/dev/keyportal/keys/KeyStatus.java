package dev.keyportal.keys;

/** The portal's view of a key's life. */
public enum KeyStatus {
    ACTIVE, BLOCKED, REVOKED, ROTATED
}
