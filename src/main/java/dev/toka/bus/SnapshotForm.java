package dev.toka.bus;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a projection's state is snapshotted: as one versioned record that Jackson writes and reads, with maps
 * (written sorted by key) or lists in a stable order, so one state has one canonical text.
 *
 * @param <S> The snapshot record.
 */
public interface SnapshotForm<S> {

    /** The format version; raise it whenever {@link #type()} changes shape or meaning. */
    int version();

    /** The snapshot record. */
    Class<S> type();

    /**
     * The current state. Called while no event is being applied (under the projection's lock, so on the
     * writer's time for an on-commit projection): copy, do not compute; later events must not change it.
     */
    S export();

    /** Takes {@code state} as its own; called once, before the projection starts, on an empty projection. */
    void restore(S state);

    /** The form of a projection whose snapshot record is {@code type} at {@code version}, exported and restored by the two functions. */
    static <S> SnapshotForm<S> of(int version, Class<S> type, Supplier<S> export, Consumer<S> restore) {
        return new SnapshotForm<>() {
            @Override
            public int version() {
                return version;
            }

            @Override
            public Class<S> type() {
                return type;
            }

            @Override
            public S export() {
                return export.get();
            }

            @Override
            public void restore(S state) {
                restore.accept(state);
            }
        };
    }
}
