package dev.toka.readmodel;

import dev.toka.bus.Projection;
import dev.toka.bus.ProjectionProgress;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import dev.toka.store.UnknownEventTypeException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A table (or a few) that a queued projection of the log keeps: each turn of the bus (at most a page of the
 * store or a slice of the queue) is one transaction that writes the rows and the checkpoint together, so a
 * crash anywhere leaves rows that equal the log up to the checkpoint, and the start resumes after it.
 */
public abstract class ReadModel extends Projection {

    /** Events read from the store at a time while rebuilding. */
    private static final int PAGE = 1_000;
    /** Changes held while the database refuses commits; past it the read model stops until a restart. */
    private static final int MAX_PENDING = 100_000;
    /**
     * Most positions a checkpoint may lag behind while turns change no row: such turns write nothing (most of
     * the log is none of a read model's business), and a restart re-reads at most this many events for nothing.
     */
    private static final long MAX_CHECKPOINT_LAG = 10_000;

    private final EventStore store;
    /** The checkpoint: what readers see. The projection's own position also counts changes not committed yet. */
    private final ProjectionProgress committed;
    private final List<Runnable> pending = new ArrayList<>();
    // Held by a commit and by a rebuild, so the two never interleave.
    private final ReentrantLock writing = new ReentrantLock();
    private long pendingUpTo;
    private long checkpointed;
    private volatile boolean rebuilding;

    protected ReadModel(String name, EventStore store, Duration timeout) {
        super(name, Delivery.QUEUED, timeout);
        this.store = store;
        this.committed = new ProjectionProgress(name, timeout);
    }

    /**
     * The change an event makes to the rows, run later inside the turn's transaction; empty when it makes none.
     *
     * @throws UnknownEventTypeException when the event's type is not known to this version
     */
    protected abstract Optional<Runnable> changeOf(StoredEvent event);

    /** Deletes every row of this read model; runs inside a transaction. */
    protected abstract void deleteRows();

    @Override
    public final long startPosition() {
        long checkpoint = QuarkusTransaction.requiringNew().call(() -> Checkpoint.positionOf(name()));
        checkpointed = checkpoint;
        committed.advanceTo(checkpoint);
        return checkpoint + 1;
    }

    @Override
    protected final void apply(StoredEvent event) {
        Optional<Runnable> change;
        try {
            change = changeOf(event);
        } catch (UnknownEventTypeException e) {
            stopBefore(e); // as the world state does: never show a state the log does not hold
            Log.errorf("%s. Read model %s stops before it", e.getMessage(), name());
            return;
        }
        change.ifPresent(pending::add);
        pendingUpTo = event.position();
    }

    @Override
    protected final void endOfTurn() {
        writing.lock();
        try {
            if (!pending.isEmpty() || pendingUpTo - checkpointed >= MAX_CHECKPOINT_LAG) {
                commit(pending, pendingUpTo);
                pending.clear();
            }
            committed.advanceTo(pendingUpTo);
        } catch (RuntimeException e) {
            if (pending.size() < MAX_PENDING) {
                Log.warnf("read model %s could not commit up to position %d, and tries again with its next events: %s",
                        name(), pendingUpTo, e.toString());
            } else {
                stopBefore(e);
                Log.errorf(e, "read model %s stops: %d changes could not be committed. It resumes from position %d"
                        + " at the next start", name(), pending.size(), committed.position() + 1);
                pending.clear();
            }
        } finally {
            writing.unlock();
        }
    }

    private void commit(List<Runnable> changes, long upTo) {
        QuarkusTransaction.requiringNew().run(() -> {
            changes.forEach(Runnable::run);
            Checkpoint.save(name(), upTo);
        });
        checkpointed = upTo;
    }

    /** The position its rows reflect. */
    public final long committedPosition() {
        return committed.position();
    }

    /**
     * Waits until its rows reflect the log up to {@code position}, so a caller reads what it wrote; while a
     * rebuild runs it returns at once (the rows are the part rebuilt so far, and new events wait for the rebuild).
     *
     * @throws dev.toka.DeadlineExceededException when that takes longer than the timeout
     */
    public final void awaitCommitted(long position) {
        if (!rebuilding) {
            committed.await(position);
        }
    }

    /**
     * Deletes the rows and applies the log again up to the position the model stood at, a page per transaction
     * (while it runs, queries see the part rebuilt so far). Events arriving meanwhile wait for it.
     *
     * @return the position rebuilt up to
     */
    public final long rebuild() {
        writing.lock();
        rebuilding = true;
        try {
            long upTo = committed.position();
            QuarkusTransaction.requiringNew().run(() -> {
                deleteRows();
                Checkpoint.save(name(), 0);
            });
            long from = 1;
            while (from <= upTo) {
                List<StoredEvent> page = store.read(from, (int) Math.min(PAGE, upTo - from + 1));
                if (page.isEmpty()) {
                    break;
                }
                List<Runnable> changes = new ArrayList<>();
                page.forEach(event -> changeOf(event).ifPresent(changes::add));
                long last = page.get(page.size() - 1).position();
                commit(changes, last);
                from = last + 1;
            }
            Log.infof("read model %s rebuilt from the log up to position %d", name(), upTo);
            return upTo;
        } finally {
            rebuilding = false;
            writing.unlock();
        }
    }
}
