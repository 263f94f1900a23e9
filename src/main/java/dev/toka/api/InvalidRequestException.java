package dev.toka.api;

import dev.toka.InvalidFieldException;

/** A request parameter or body member breaks a rule of the API itself (HTTP 400). */
final class InvalidRequestException extends InvalidFieldException {

    InvalidRequestException(String field, String rule) {
        super(field, rule);
    }
}
