package dev.toka.security;

import java.util.concurrent.CompletableFuture;

import dev.toka.NonRetriableException;

/** The credential is missing, malformed, expired, revoked or not ours (HTTP 401). Retry with another credential. */
public final class AuthenticationException extends NonRetriableException implements AuditedRefusal {

    private CompletableFuture<Void> auditRecorded = CompletableFuture.completedFuture(null);


    public AuthenticationException(String reason) {
        super(reason);
    }

    @Override
    public CompletableFuture<Void> auditRecorded() {
        return auditRecorded;
    }

    AuthenticationException audited(CompletableFuture<Void> recorded) {
        auditRecorded = recorded;
        return this;
    }
}
