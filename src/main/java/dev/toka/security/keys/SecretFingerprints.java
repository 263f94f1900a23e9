package dev.toka.security.keys;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fingerprints of operator-chosen secrets that the log may keep: HMAC-SHA256 under a key derived from
 * the key-encryption key. A plain hash in the log would let anyone who reads the log test guesses of a
 * short secret offline; without the key-encryption key a fingerprint tells nothing.
 */
@Singleton
public class SecretFingerprints {

    private final SecretKeySpec key;

    SecretFingerprints(KeyEncryption encryption) {
        this.key = new SecretKeySpec(encryption.derive("toka operator secret fingerprint v1"), "HmacSHA256");
    }

    /** Hex of the fingerprint of {@code secret}. */
    public String of(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
