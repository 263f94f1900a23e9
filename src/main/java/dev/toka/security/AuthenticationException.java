package dev.toka.security;

import dev.toka.ProblemKind;
import java.util.Map;

/** The credential is missing, malformed, expired, revoked or not ours (HTTP 401). Retry with another credential. */
public final class AuthenticationException extends AuditedRefusal {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(401, "unauthorized",
            "A valid credential is required");

    public AuthenticationException(String reason) {
        super(reason);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemHeaders() {
        return Map.of("WWW-Authenticate", "Bearer realm=\"toka\"");
    }
}
