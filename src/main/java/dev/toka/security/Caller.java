package dev.toka.security;

import java.util.Objects;

/**
 * An authenticated request: the principal and where the call came from.
 *
 * @param principal     Who is calling.
 * @param clientAddress The client's network address, for the audit trail.
 * @param rateLimit     The caller's quota after this request, or {@code null} when none applied.
 */
public record Caller(Principal principal, String clientAddress, RateLimitStatus rateLimit) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        clientAddress = clientAddress == null ? "unknown" : clientAddress;
    }

    /** A caller inside the service, to which no quota applies. */
    public Caller(Principal principal, String clientAddress) {
        this(principal, clientAddress, null);
    }
}
