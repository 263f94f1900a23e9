package dev.toka.security;

import java.time.Instant;

/**
 * A freshly signed capability token.
 *
 * @param token     The compact JWS, to be sent as {@code Authorization: Bearer <token>}.
 * @param jti       The token id, the only way the log ever names the token.
 * @param issuedAt  When it was signed.
 * @param expiresAt When the token stops being valid.
 */
public record IssuedToken(String token, String jti, Instant issuedAt, Instant expiresAt) {}
