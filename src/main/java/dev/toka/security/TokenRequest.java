package dev.toka.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a token should say.
 *
 * @param subject     The agent id the token speaks for.
 * @param vault       The tenant; the issuer's vault when empty.
 * @param permissions The permissions granted.
 * @param ttl         How long the token lives; the configured default when empty.
 * @param budget      The spending limit on model calls the token carries; a delegated token inherits its
 *                    parent's when empty.
 */
public record TokenRequest(
        String subject, Optional<String> vault, List<String> permissions, Optional<Duration> ttl,
        Optional<Budget> budget) {

    public TokenRequest {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
        vault = vault == null ? Optional.empty() : vault;
        ttl = ttl == null ? Optional.empty() : ttl;
        budget = budget == null ? Optional.empty() : budget;
    }
}
