package dev.keyportal.security;

import java.util.UUID;

import dev.keyportal.audit.Actor;

/**
 * An administrator switched a person off: published inside the transaction that disables them, so what other
 * modules end with it (their open requests) ends in the same transaction.
 */
public record PersonDisabled(UUID personId, Actor by, String reason) {
}
