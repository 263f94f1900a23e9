package dev.toka.security;

/** The credential is missing, malformed, expired, revoked or not ours (HTTP 401). Retry with another credential. */
public final class AuthenticationException extends AuditedRefusal {

    public AuthenticationException(String reason) {
        super(reason);
    }
}
