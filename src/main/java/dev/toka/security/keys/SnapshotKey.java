package dev.toka.security.keys;

import dev.toka.store.SnapshotMac;
import jakarta.inject.Singleton;

/**
 * Authenticates the projections' snapshots (HMAC-SHA256 under a key derived from the key-encryption key), so that
 * a snapshot row someone wrote without that key is discarded at start rather than restored. Every instance of a
 * fleet shares the key-encryption key, so each restores what another took.
 */
@Singleton
public class SnapshotKey implements SnapshotMac {

    private final HmacKey key;

    SnapshotKey(KeyEncryption encryption) {
        this.key = HmacKey.derived(encryption, "toka projection snapshot mac v1");
    }

    @Override
    public String of(byte[] content) {
        return key.hex(content);
    }
}
