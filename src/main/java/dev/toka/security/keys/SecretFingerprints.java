package dev.toka.security.keys;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Fingerprints of operator-chosen secrets that the log may keep: HMAC-SHA256 under a key derived from
 * the key-encryption key. A plain hash in the log would let anyone who reads the log test guesses of a
 * short secret offline; without the key-encryption key a fingerprint tells nothing.
 */
@Singleton
public class SecretFingerprints {

    private final HmacKey key;

    SecretFingerprints(KeyEncryption encryption) {
        this.key = HmacKey.derived(encryption, "toka operator secret fingerprint v1");
    }

    /** Hex of the fingerprint of {@code secret}. */
    public String of(String secret) {
        return key.hex(secret.getBytes(StandardCharsets.UTF_8));
    }
}
