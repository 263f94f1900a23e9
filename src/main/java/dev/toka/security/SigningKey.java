package dev.toka.security;

import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A key pair that signs capability tokens.
 *
 * @param kid        The key id named in the {@code kid} header.
 * @param publicKey  The P-256 public key, published in the JWKS.
 * @param privateKey The private key (held in memory only; sealed at rest).
 * @param createdAt  When the key was made.
 */
public record SigningKey(String kid, ECPublicKey publicKey, PrivateKey privateKey, Instant createdAt) {

    /** The only signature algorithm Toka issues and accepts. */
    public static final String ALGORITHM = "ES256";

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
