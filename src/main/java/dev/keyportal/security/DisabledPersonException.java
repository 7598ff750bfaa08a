package dev.keyportal.security;

/** A disabled person tried to sign in: refused until an administrator enables them again. */
class DisabledPersonException extends RuntimeException {

    DisabledPersonException() {
        super("This person is disabled");
    }
}
