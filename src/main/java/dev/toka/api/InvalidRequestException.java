package dev.toka.api;

import dev.toka.NonRetriableException;

/** A request parameter or body member breaks a rule of the API itself (HTTP 400). */
final class InvalidRequestException extends NonRetriableException {

    private final String field;

    InvalidRequestException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    String field() {
        return field;
    }
}
