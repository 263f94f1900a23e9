package dev.toka.security;

import java.util.Objects;

/**
 * An authenticated request: the principal and where the call came from.
 *
 * @param principal     Who is calling.
 * @param clientAddress The client's network address, for the audit trail.
 */
public record Caller(Principal principal, String clientAddress) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        clientAddress = clientAddress == null ? "unknown" : clientAddress;
    }
}
