package dev.toka.store;

/**
 * The message authentication code of a {@link Snapshot}, under a key the service holds and the database does not:
 * a snapshot row is input to the start, and whoever can write that table but lacks the key cannot make one the
 * service restores. The store sits below the layer that holds the keys, so it asks for this and the security
 * layer provides it (docs/event-log.md#snapshots).
 */
@FunctionalInterface
public interface SnapshotMac {

    /** The code of {@code content}, as lower-case hex. */
    String of(byte[] content);
}
