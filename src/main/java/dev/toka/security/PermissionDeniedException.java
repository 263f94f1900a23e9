package dev.toka.security;

/**
 * A valid credential lacks the right for this action (HTTP 403).
 *
 * <p>Not retriable: the caller needs a token that holds {@link #permission()} over the target.
 */
public final class PermissionDeniedException extends AuditedRefusal {

    private final String permission;

    public PermissionDeniedException(String permission, String reason) {
        super(reason);
        this.permission = permission;
    }

    /** The permission that was needed. */
    public String permission() {
        return permission;
    }
}
