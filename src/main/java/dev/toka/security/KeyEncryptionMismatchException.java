package dev.toka.security;

import java.util.Set;

/**
 * The log holds signing keys that this instance's key-encryption key does not decrypt: it was started
 * with another {@code TOKA_KEY_ENCRYPTION_KEY} than the instances that wrote them. Thrown at start, so
 * the instance refuses to run, and before adding a signing key, so it never replaces theirs.
 */
public final class KeyEncryptionMismatchException extends IllegalStateException {

    KeyEncryptionMismatchException(Set<String> kids) {
        super("the key-encryption key does not decrypt the signing keys in the log (key id " + String.join(", ", kids)
                + "); start with the same TOKA_KEY_ENCRYPTION_KEY as the other instances");
    }
}
