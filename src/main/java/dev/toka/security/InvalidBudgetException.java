package dev.toka.security;

import dev.toka.InvalidFieldException;

/** A budget member is out of range (HTTP 400 naming it). */
public final class InvalidBudgetException extends InvalidFieldException {

    InvalidBudgetException(String field, String rule) {
        super(field, rule);
    }
}
