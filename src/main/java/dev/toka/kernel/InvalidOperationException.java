package dev.toka.kernel;

import dev.toka.NonRetriableException;

/** An operation breaks a validation rule (HTTP 400); the message names the field and the limit. */
public final class InvalidOperationException extends NonRetriableException {

    private final String field;

    public InvalidOperationException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    /** The offending field. */
    public String field() {
        return field;
    }
}
