package dev.toka.kernel;

import dev.toka.InvalidFieldException;

/** An operation breaks a validation rule (HTTP 400); the message names the field and the limit. */
public final class InvalidOperationException extends InvalidFieldException {

    public InvalidOperationException(String field, String rule) {
        super(field, rule);
    }
}
