package dev.toka.bus;

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

    /** The first position it needs, asked once when it starts; from the beginning of the log unless overridden. */
    public long startPosition() {
        return 1;
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
        apply(event);
        if (stoppedBefore == null) {
            progress.advanceTo(event.position());
        }
    }
}
