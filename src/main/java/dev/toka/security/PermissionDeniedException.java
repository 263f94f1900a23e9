package dev.toka.security;

import dev.toka.ProblemKind;
import java.util.Map;

/**
 * A valid credential lacks the right for this action (HTTP 403).
 *
 * <p>Not retriable: the caller needs a token that holds {@link #permission()} over the target.
 */
public final class PermissionDeniedException extends AuditedRefusal {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(403, "forbidden",
            "The credential does not allow this");

    private final String permission;

    public PermissionDeniedException(String permission, String reason) {
        super(reason);
        this.permission = permission;
    }

    /** The permission that was needed. */
    public String permission() {
        return permission;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("missingPermission", permission);
    }
}
