package dev.toka.console;

import dev.toka.InvalidFieldException;

/** A console form field breaks a rule of the console itself (HTTP 400, shown on the error page). */
final class ConsoleInputException extends InvalidFieldException {

    ConsoleInputException(String field, String rule) {
        super(field, rule);
    }
}
