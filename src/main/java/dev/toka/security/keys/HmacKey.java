package dev.toka.security.keys;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An HMAC-SHA256 key derived from the key-encryption key for one purpose (see {@link KeyEncryption#derive}). */
record HmacKey(SecretKeySpec key) {

    static HmacKey derived(KeyEncryption encryption, String purpose) {
        return new HmacKey(new SecretKeySpec(encryption.derive(purpose), "HmacSHA256"));
    }

    /** Hex of the HMAC of {@code content}. */
    String hex(byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
