package dev.keyportal.security;

import java.util.UUID;

/** A disabled person tried to sign in: refused until an administrator enables them again. */
class DisabledPersonException extends RuntimeException {

    private final transient UUID personId;

    DisabledPersonException(UUID personId) {
        super("This person is disabled");
        this.personId = personId;
    }

    UUID personId() {
        return personId;
    }
}
