package dev.toka.bus;

import dev.toka.DeadlineExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How far a projection has applied the log, and the callers waiting to read their own writes.
 *
 * <p>Waiting is a future, so a caller on an event loop can wait without holding a thread. Advancing
 * is one volatile write and one volatile read while nobody waits: the projection's thread (the store's
 * appender, for this instance's commits) pays almost nothing for the feature.
 */
public final class ProjectionProgress {

    private static final CompletableFuture<Void> REACHED = CompletableFuture.completedFuture(null);

    private final String projection;
    private final Duration timeout;
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
    private volatile long position;
    // The lowest target anyone waits for; Long.MAX_VALUE while nobody waits.
    private volatile long lowestWaited = Long.MAX_VALUE;

    /**
     * @param projection Its name, for the timeout's message.
     * @param timeout    How long a caller waits for a position before failing.
     */
    public ProjectionProgress(String projection, Duration timeout) {
        this.projection = projection;
        this.timeout = timeout;
    }

    /** The position of the last event applied. */
    public long position() {
        return position;
    }

    /** Called by the projection after it applied the event at {@code applied}. */
    public void advanceTo(long applied) {
        position = applied;
        if (applied >= lowestWaited) {
            release(applied);
        }
    }

    /**
     * Completes once the event at {@code target} is applied, or fails with a {@link DeadlineExceededException}
     * after the timeout: a projection stuck behind a missing event never gets there, and its waiters must
     * not wait, or stay queued, for ever. Dependent stages run on the projection's thread unless they ask
     * for an executor.
     */
    public CompletableFuture<Void> whenReached(long target) {
        if (position >= target) {
            return REACHED;
        }
        Waiter waiter = new Waiter(target, new CompletableFuture<>());
        synchronized (waiters) {
            waiters.add(waiter);
            lowestWaited = waiters.peek().target;
        }
        // advanceTo may have moved past the target before it could see this waiter.
        if (position >= target) {
            release(position);
        }
        return waiter.reached.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
            if (!(failure instanceof TimeoutException)) {
                return CompletableFuture.failedFuture(failure);
            }
            forget(waiter);
            return CompletableFuture.failedFuture(new DeadlineExceededException(projection + " did not reach position "
                    + target + " within " + timeout + "; it stands at position " + position));
        });
    }

    /** How many callers wait for a position not applied yet. */
    public int waiting() {
        synchronized (waiters) {
            return waiters.size();
        }
    }

    private void forget(Waiter waiter) {
        synchronized (waiters) {
            waiters.remove(waiter);
            lowestWaited = waiters.isEmpty() ? Long.MAX_VALUE : waiters.peek().target;
        }
    }

    /** Blocking form of {@link #whenReached}. */
    public void await(long target) {
        try {
            whenReached(target).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void release(long applied) {
        List<Waiter> reached = new ArrayList<>();
        synchronized (waiters) {
            while (!waiters.isEmpty() && waiters.peek().target <= applied) {
                reached.add(waiters.poll());
            }
            lowestWaited = waiters.isEmpty() ? Long.MAX_VALUE : waiters.peek().target;
        }
        reached.forEach(waiter -> waiter.reached.complete(null));
    }

    private record Waiter(long target, CompletableFuture<Void> reached) implements Comparable<Waiter> {

        @Override
        public int compareTo(Waiter other) {
            return Long.compare(target, other.target);
        }
    }
}
