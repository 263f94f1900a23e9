package dev.toka.security;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;

/** No live token has this id (HTTP 404). */
public final class TokenNotFoundException extends NonRetriableException {

    public TokenNotFoundException(String jti) {
        super("no live token with jti " + jti);
    }

    @Override
    public ProblemKind problemKind() {
        return ProblemKind.NOT_FOUND;
    }
}
