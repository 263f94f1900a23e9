/**
 * The bearer credentials: capability tokens (signed, verified, and their budget claim), the registry of issued and
 * revoked tokens with the projection that feeds it from the log, and the admin secret. Public face, for
 * {@code policy} only: {@link dev.toka.security.tokens.CapabilityTokens},
 * {@link dev.toka.security.tokens.TokenRegistry} and {@link dev.toka.security.tokens.AdminCredential}.
 */
package dev.toka.security.tokens;
