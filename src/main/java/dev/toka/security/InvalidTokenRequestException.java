package dev.toka.security;

import dev.toka.InvalidFieldException;

/** A request to issue a token breaks a rule (HTTP 400); the message names the field and the rule. */
public final class InvalidTokenRequestException extends InvalidFieldException {

    public InvalidTokenRequestException(String field, String rule) {
        super(field, rule);
    }
}
