package dev.toka.bus;

import dev.toka.store.EventHasher;
import dev.toka.store.StoredEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * State rebuilt from the log at start and then kept current from the bus, never written any other way.
 * The {@link EventFeed} applies every event to it exactly once, in position order; {@link #delivery()}
 * says on which thread.
 */
public abstract class Projection implements Startable {

    /** Where a projection's events are applied. */
    public enum Delivery {
        /**
         * On the thread that committed them, before the append returns: only for state an appender's
         * caller must find updated at once (read-your-writes). It costs every write, so keep it rare.
         */
        ON_COMMIT,
        /** On the projection's own thread, from a bounded queue; waiters use {@link #awaitPosition}. */
        QUEUED
    }

    private final String name;
    private final Delivery delivery;
    private final ProjectionProgress progress;
    // Held while an event is applied and while a snapshot copies the state, so the copy is the state at
    // one position. Uncontended on every event but the few a snapshot overlaps.
    private final Object stateLock = new Object();
    // The position and hash the state reflects, moved under stateLock (progress moves after, outside it).
    private long statePosition;
    private String stateHash = EventHasher.GENESIS_HASH;
    private long applied;
    // Set once by stopBefore; from then on nothing more is applied and the position stays put.
    private volatile RuntimeException stoppedBefore;

    /**
     * @param timeout How long a caller waits for a position before failing (see {@link ProjectionProgress}).
     */
    protected Projection(String name, Delivery delivery, Duration timeout) {
        this.name = name;
        this.delivery = delivery;
        this.progress = new ProjectionProgress(name, timeout);
    }

    @Override
    public final String name() {
        return name;
    }

    /** Where its events are applied. */
    public final Delivery delivery() {
        return delivery;
    }

    /**
     * The first position it needs, asked once when it starts: the one after its position, which is 0 (the
     * beginning of the log) unless a snapshot was restored.
     */
    public long startPosition() {
        return position() + 1;
    }

    /** How its state is snapshotted; empty (the default) for a projection always rebuilt from the log. */
    public Optional<SnapshotForm<?>> snapshotForm() {
        return Optional.empty();
    }

    /** How many events this instance has applied: after a restored snapshot, only the tail. */
    public final long applied() {
        synchronized (stateLock) {
            return applied;
        }
    }

    @Override
    public void start() {
        // Most projections have nothing to do once caught up.
    }

    /** Applies one event; events come in position order, each once. */
    protected abstract void apply(StoredEvent event);

    /**
     * Called on a queued projection's thread after each turn that applied events (at most a page of the
     * store or a slice of its queue): a projection that keeps its state in a database commits there, one
     * transaction per turn rather than per event.
     */
    protected void endOfTurn() {
        // In-memory projections are current after each event.
    }

    /** The position of the last event applied. */
    public final long position() {
        return progress.position();
    }

    /**
     * Waits until the event at {@code target} is applied, so a caller reads its own write.
     *
     * @throws dev.toka.DeadlineExceededException when that takes longer than the timeout
     */
    public final void awaitPosition(long target) {
        progress.await(target);
    }

    /** Completes once the event at {@code target} is applied: the non-blocking form of {@link #awaitPosition}. */
    public final CompletableFuture<Void> whenApplied(long target) {
        return progress.whenReached(target);
    }

    /** How many callers wait for a position not applied yet. */
    public final int waiting() {
        return progress.waiting();
    }

    /**
     * Stops the projection before the event it is applying, which it cannot apply: nothing more is applied,
     * and its position stays before that event, as at a gap in the log. Waiters for later positions fail at
     * their deadline. For an event only a newer version understands: applying the rest would show a state
     * the log does not hold.
     */
    protected final void stopBefore(RuntimeException reason) {
        stoppedBefore = reason;
    }

    /** Why it stopped ({@link #stopBefore}); empty while it applies the log. */
    public final Optional<RuntimeException> stopped() {
        return Optional.ofNullable(stoppedBefore);
    }

    final void turnEnded() {
        if (stoppedBefore == null) {
            endOfTurn();
        }
    }

    final void accept(StoredEvent event) {
        if (stoppedBefore != null) {
            return;
        }
        synchronized (stateLock) {
            apply(event);
            if (stoppedBefore != null) {
                return;
            }
            statePosition = event.position();
            stateHash = event.hash();
            applied++;
        }
        progress.advanceTo(event.position());
    }

    /**
     * Its state with the position and hash it reflects, copied under the lock; empty when it takes no
     * snapshots, has applied nothing, or stopped (its state then stands before an event it cannot read).
     */
    final <S> Optional<Captured<S>> capture(SnapshotForm<S> form) {
        synchronized (stateLock) {
            if (statePosition == 0 || stoppedBefore != null) {
                return Optional.empty();
            }
            return Optional.of(new Captured<>(statePosition, stateHash, form.export()));
        }
    }

    /** Restores a snapshot's state taken at {@code position} (hash {@code hash}) before the projection starts. */
    final <S> void restore(SnapshotForm<S> form, S state, long position, String hash) {
        synchronized (stateLock) {
            if (statePosition != 0) {
                throw new IllegalStateException(name + " has already applied events; a snapshot restores an empty one");
            }
            form.restore(state);
            statePosition = position;
            stateHash = hash;
        }
        progress.advanceTo(position);
    }

    /** A copy of the state, and where in the log it stands. */
    record Captured<S>(long position, String hash, S state) {}
}
