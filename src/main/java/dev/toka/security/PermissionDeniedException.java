package dev.toka.security;

import java.util.concurrent.CompletableFuture;

import dev.toka.NonRetriableException;

/**
 * A valid credential lacks the right for this action (HTTP 403).
 *
 * <p>Not retriable: the caller needs a token that holds {@link #permission()} over the target.
 */
public final class PermissionDeniedException extends NonRetriableException implements AuditedRefusal {

    private final String permission;
    private CompletableFuture<Void> auditRecorded = CompletableFuture.completedFuture(null);

    public PermissionDeniedException(String permission, String reason) {
        super(reason);
        this.permission = permission;
    }

    /** The permission that was needed. */
    public String permission() {
        return permission;
    }

    @Override
    public CompletableFuture<Void> auditRecorded() {
        return auditRecorded;
    }

    PermissionDeniedException audited(CompletableFuture<Void> recorded) {
        auditRecorded = recorded;
        return this;
    }
}
