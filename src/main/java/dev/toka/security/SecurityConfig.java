package dev.toka.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the security layer, prefix {@code toka.security}. */
@ConfigMapping(prefix = "toka.security")
public interface SecurityConfig {

    /** The admin bearer secret ({@code TOKA_ADMIN_TOKEN}); when absent one is generated at first start. */
    Optional<String> adminToken();

    /** Base64 of the 32-byte key that encrypts signing keys at rest ({@code TOKA_KEY_ENCRYPTION_KEY}). */
    Optional<String> keyEncryptionKey();

    /** Where a generated key-encryption key is kept when none is configured; default {@code ./data/key-encryption-key}. */
    @WithDefault("data/key-encryption-key")
    String keyEncryptionKeyFile();

    /** The {@code iss} of issued tokens; default {@code toka}. */
    @WithDefault("toka")
    String issuer();

    /** Token lifetime when a request names none; default 15 minutes. */
    @WithDefault("PT15M")
    Duration defaultTtl();

    /** Longest lifetime a token may have; default 1 hour. */
    @WithDefault("PT1H")
    Duration maxTtl();

    /** Clock difference tolerated on {@code exp}, {@code nbf} and {@code iat}; default 5 seconds. */
    @WithDefault("PT5S")
    Duration clockSkew();

    /** How many verified tokens to remember (each only until it expires); default 10000. */
    @WithDefault("10000")
    int verificationCacheSize();
}
