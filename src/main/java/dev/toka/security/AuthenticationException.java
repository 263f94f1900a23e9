package dev.toka.security;

import dev.toka.NonRetriableException;

/** The credential is missing, malformed, expired, revoked or not ours (HTTP 401). Retry with another credential. */
public final class AuthenticationException extends NonRetriableException {

    public AuthenticationException(String reason) {
        super(reason);
    }
}
