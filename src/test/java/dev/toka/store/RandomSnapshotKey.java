package dev.toka.store;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A {@link SnapshotMac} under a fresh random key: the store's tests, and a writer that lacks the service's key. */
public final class RandomSnapshotKey implements SnapshotMac {

    private final SecretKeySpec key;

    public RandomSnapshotKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        this.key = new SecretKeySpec(raw, "HmacSHA256");
    }

    @Override
    public String of(byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
