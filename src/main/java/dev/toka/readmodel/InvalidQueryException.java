package dev.toka.readmodel;

import dev.toka.InvalidFieldException;

/** A listing's query parameter breaks a rule (HTTP 400): an unknown state, a limit out of range, a foreign cursor. */
public class InvalidQueryException extends InvalidFieldException {

    public InvalidQueryException(String field, String rule) {
        super(field, rule);
    }
}
