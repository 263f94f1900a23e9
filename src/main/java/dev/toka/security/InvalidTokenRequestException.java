package dev.toka.security;

import dev.toka.NonRetriableException;

/** A request to issue a token breaks a rule (HTTP 400); the message names the field and the rule. */
public final class InvalidTokenRequestException extends NonRetriableException {

    private final String field;

    public InvalidTokenRequestException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
