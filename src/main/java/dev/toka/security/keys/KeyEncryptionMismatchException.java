package dev.toka.security.keys;

import dev.toka.ProblemKind;
import dev.toka.TokaException;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The log holds signing keys that this instance's key-encryption key does not decrypt: it was started
 * with another {@code TOKA_KEY_ENCRYPTION_KEY} than the instances that wrote them. Thrown at start, so
 * the instance refuses to run, and before adding a signing key, so it never replaces theirs.
 */
public final class KeyEncryptionMismatchException extends TokaException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(503, "key-encryption-mismatch",
            "The log holds signing keys this instance's key-encryption key does not open");

    KeyEncryptionMismatchException(Set<String> kids) {
        super("the key-encryption key does not decrypt the signing keys in the log (key id " + String.join(", ", kids)
                + "); start with the same TOKA_KEY_ENCRYPTION_KEY as the other instances");
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    /** A configuration fault of this instance, not of the request: the operator must see it. */
    @Override
    public Optional<Logger.Level> problemLogLevel() {
        return Optional.of(Logger.Level.ERROR);
    }
}
