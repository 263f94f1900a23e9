package dev.toka.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the admin, or the subject of a verified capability token.
 *
 * @param subject     The agent id, or {@value #ADMIN_SUBJECT}.
 * @param vault       The tenant the caller belongs to.
 * @param permissions The permissions the caller holds.
 * @param tokenId     The token's {@code jti}, or {@code null} for the admin secret.
 * @param expiresAt   When the credential stops being valid ({@link Instant#MAX} for the admin secret).
 * @param chain       The ids of the tokens this one was delegated from, root first; empty for a root token.
 * @param budget      The spending limit on model calls the token carries, or {@code null} for none.
 */
public record Principal(
        String subject, String vault, Set<String> permissions, String tokenId, Instant expiresAt, List<String> chain,
        Budget budget) {

    public static final String ADMIN_SUBJECT = "admin";
    public static final String DEFAULT_VAULT = "default";

    public Principal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(vault, "vault");
        permissions = Set.copyOf(permissions);
        Objects.requireNonNull(expiresAt, "expiresAt");
        chain = List.copyOf(chain);
    }

    /** The principal of the admin bearer secret. */
    public static Principal admin() {
        return new Principal(ADMIN_SUBJECT, DEFAULT_VAULT, Set.of(Permissions.ADMIN), null, Instant.MAX, List.of(), null);
    }

    /** How many delegations lie between this token and a root token (0 for a root token). */
    public int depth() {
        return chain.size();
    }

    /** Whether this is the admin secret rather than a capability token. */
    public boolean isAdminSecret() {
        return tokenId == null;
    }

    /** An internal component of the service acting as itself, with admin rights in the default vault. */
    public static Principal system(String name) {
        return new Principal(name, DEFAULT_VAULT, Set.of(Permissions.ADMIN), null, Instant.MAX, List.of(), null);
    }

    /** Whether this caller may act on anything, in any vault. */
    public boolean isAdmin() {
        return permissions.contains(Permissions.ADMIN);
    }

    /** Whether this caller holds a permission that grants {@code required}. */
    public boolean holds(String required) {
        return Permissions.grants(permissions, required);
    }
}
