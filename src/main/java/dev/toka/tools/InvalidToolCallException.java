package dev.toka.tools;

import dev.toka.InvalidFieldException;

/**
 * The envelope of a tool call (its scope or idempotency key, not the tool's input) breaks a rule
 * (HTTP 400, {@code invalid-request}). Not retriable.
 */
public final class InvalidToolCallException extends InvalidFieldException {

    public InvalidToolCallException(String field, String rule) {
        super(field, rule);
    }
}
