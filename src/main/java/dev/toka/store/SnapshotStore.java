package dev.toka.store;

import java.util.Optional;

/**
 * Where projections' {@link Snapshot}s are kept, apart from the event log: one per projection, the newest.
 * Deleting any or all of them changes nothing but the time the next start takes.
 */
public interface SnapshotStore {

    /** The snapshot of {@code projection}, if one is stored. */
    Optional<Snapshot> latest(String projection);

    /** Stores {@code snapshot} in place of the projection's previous one. */
    void save(Snapshot snapshot);

    /** Removes the projection's snapshot (one found invalid); a no-op when there is none. */
    void delete(String projection);
}
