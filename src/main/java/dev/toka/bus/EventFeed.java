package dev.toka.bus;

import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bus: delivers the log to this instance's consumers, each position once and in position order,
 * with no gap, first what is stored from the consumer's position on, then what commits.
 *
 * <p>Two kinds of follower (docs/architecture.md#the-bus):
 * <ul>
 * <li>On commit: a {@link Projection.Delivery#ON_COMMIT} projection is applied on the committing thread
 *     (and on the poller's, for other instances' events), so an appender finds it updated when its
 *     append returns.
 * <li>Queued: every other consumer has its own bounded queue, drained on its own thread (a projection)
 *     or on the shared stream pool (a {@link Subscription}). Handing it an event never blocks: when its
 *     queue is full, or it is paused, it is marked behind, and it then reads the store from its own
 *     position, page by page, until it reaches the live events again. The store is the source of truth,
 *     so a queued follower delivers only the position it expects next and reads anything else.
 * </ul>
 */
@Singleton
public class EventFeed {

    /** Events read from the store at a time. */
    static final int PAGE = 1_000;
    /** Most events one turn of a queued follower delivers before the thread serves the next one. */
    private static final int TURN = 256;

    private final EventStore store;
    private final int queueSize;
    private final ExecutorService streams;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> projectionThreads = new CopyOnWriteArrayList<>();
    /** The highest position handed to the followers; the poller reads on after it. */
    private final AtomicLong announced;
    private final ScheduledExecutorService poller;
    /** Whether the poller reads the log; off while the Kafka bus brings other instances' events. */
    private volatile boolean polling = true;

    /**
     * @param queueSize     Events a queued follower holds before it is marked behind and reads the store instead.
     * @param streamThreads Threads the subscriptions (SSE streams) share.
     */
    public EventFeed(EventStore store, CommitRelay relay,
            @ConfigProperty(name = "toka.bus.poll-interval") Duration pollInterval,
            @ConfigProperty(name = "toka.bus.queue-size") int queueSize,
            @ConfigProperty(name = "toka.bus.stream-threads") int streamThreads) {
        this.store = store;
        this.queueSize = queueSize;
        // A bounded pool, not a thread per stream: any holder of events:read can open streams.
        this.streams = Executors.newFixedThreadPool(streamThreads, daemon("toka-bus-stream"));
        // Followers start by reading the store, so what commits before this point reaches them from there.
        this.announced = new AtomicLong(store.headPosition());
        relay.deliverTo(this::onCommitted);
        // Its own timer: the Quarkus scheduler runs nothing more often than once a second.
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("toka-bus-poller"));
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        close();
    }

    /** Stops the poller and every follower's thread. */
    public void close() {
        poller.shutdownNow();
        followers.forEach(Follower::close);
        streams.shutdownNow();
        projectionThreads.forEach(ExecutorService::shutdownNow);
    }

    /**
     * Starts applying the log to {@code projection} from its {@link Projection#startPosition()}, and
     * returns once it has caught up with what was stored (or stopped at a gap).
     *
     * @return a handle that stops the projection (the feed's {@link #close} stops them all)
     */
    public AutoCloseable start(Projection projection) {
        long from = Math.max(1, projection.startPosition());
        if (projection.delivery() == Projection.Delivery.ON_COMMIT) {
            OnCommitFollower follower = new OnCommitFollower(from, projection::accept);
            follower.start();
            return follower::close;
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(daemon("toka-projection-" + projection.name()));
        projectionThreads.add(thread);
        QueuedFollower follower = new QueuedFollower(from, projection::accept, projection::turnEnded, thread);
        follower.start();
        follower.caughtUp.join();
        return () -> {
            follower.close();
            projectionThreads.remove(thread);
            thread.shutdownNow();
        };
    }

    /**
     * A subscription from {@code fromPosition} on, not started yet; events reach {@code consumer} on the
     * shared stream pool, never on the committing thread.
     */
    public Subscription subscription(long fromPosition, Consumer<StoredEvent> consumer) {
        return subscription(fromPosition, consumer, streams);
    }

    /** The same, delivered on {@code executor}: for a consumer that may block (the Kafka publisher). */
    public Subscription subscription(long fromPosition, Consumer<StoredEvent> consumer, Executor executor) {
        return new QueuedFollower(Math.max(1, fromPosition), consumer, () -> {}, executor);
    }

    /**
     * Whether the poller reads the log for other instances' events every {@code toka.bus.poll-interval}. The
     * Kafka bus turns it off while it brings those events, and on again while Kafka is unreachable.
     */
    public void pollLog(boolean on) {
        polling = on;
    }

    /**
     * Events another instance committed, as the Kafka bus received them: delivered like our own. Those at or
     * before the last announced position are dropped here (each follower reads anything it lacks from the store),
     * and a position beyond the next one makes each follower read the gap from the store first.
     */
    public void offerFromOtherInstances(List<StoredEvent> events) {
        long known = announced.get();
        List<StoredEvent> fresh = events.stream().filter(event -> event.position() > known).toList();
        onCommitted(fresh);
    }

    /** Reads what other instances committed after the last announced position, at once: one poll. */
    public void readOtherInstances() {
        pollForOtherInstances();
        followers.forEach(Follower::nudge);
    }

    /** Subscriptions (SSE streams) started and not closed yet. */
    public int liveSubscriptions() {
        int live = 0;
        for (Follower follower : followers) {
            if (follower instanceof QueuedFollower queued && queued.executor == streams) {
                live++;
            }
        }
        return live;
    }

    /**
     * The events of one commit, from the committing thread, or a page the poller read. Each queued
     * follower is woken once per commit, not once per event: a group commit holds many.
     */
    private void onCommitted(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return; // the listener SPI does not promise a commit that wrote something
        }
        announced.accumulateAndGet(events.get(events.size() - 1).position(), Math::max);
        for (Follower follower : followers) {
            for (StoredEvent event : events) {
                follower.offer(event);
            }
            follower.wake();
        }
    }

    private void pollSafely() {
        try {
            if (polling) {
                pollForOtherInstances();
            }
            followers.forEach(Follower::nudge);
        } catch (RuntimeException e) { // a failed poll (database away) must not end the polling
            Log.warnf("polling the log for other instances' events failed: %s", e.toString());
        }
    }

    /**
     * Picks up events that other service instances committed to a shared database after the last one
     * announced here. Positions are gap-free and commit in order, so an event of theirs that lies before
     * one of ours is read by each follower when ours arrives, and reading on from the last announced
     * position misses nothing.
     */
    synchronized void pollForOtherInstances() {
        long from = announced.get() + 1;
        if (followers.isEmpty() || store.headPosition() < from) {
            return;
        }
        List<StoredEvent> page;
        while (!(page = store.read(from, PAGE)).isEmpty()) {
            onCommitted(page);
            from = page.get(page.size() - 1).position() + 1;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One consumer's position in the log. */
    private abstract class Follower {

        final Consumer<StoredEvent> consumer;
        final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        /** The highest position refused while it was not taking live events; it must read up to there. */
        final AtomicLong missedUpTo = new AtomicLong();
        long next;
        volatile boolean stoppedAtGap;
        volatile boolean closed;

        Follower(long next, Consumer<StoredEvent> consumer) {
            this.next = next;
            this.consumer = consumer;
        }

        abstract void start();

        /** A live event; called by the committing thread or the poller, so it must never wait long. */
        abstract void offer(StoredEvent event);

        /** After the events of one commit were offered: time to deliver them. */
        void wake() {}

        /** The poller's periodic call, a safety net after a failed read. */
        void nudge() {}

        void close() {
            closed = true;
            followers.remove(this);
        }

        void missed(StoredEvent event) {
            missedUpTo.accumulateAndGet(event.position(), Math::max);
        }

        /** Whether it has everything it ever refused: then it may take live events. */
        boolean hasAllMissed() {
            return stoppedAtGap || missedUpTo.get() < next;
        }

        /** An event read from the store: everything before it is committed, so a jump is a gap for good. */
        void deliverStored(StoredEvent event) {
            if (event.position() > next && !stoppedAtGap) {
                // Not silent: every write waiting for this consumer gets a 503 at its deadline.
                stoppedAtGap = true;
                Log.errorf("position %d is missing from the event log, but %d is stored: a consumer stops at %d."
                        + " Check GET /api/v1/events/verify and restore the log (docs/event-log.md)",
                        next, event.position(), next - 1);
            }
            accept(event);
        }

        void accept(StoredEvent event) {
            if (event.position() != next || closed) {
                return;
            }
            next++;
            try {
                consumer.accept(event);
            } catch (RuntimeException e) {
                Log.errorf(e, "event consumer failed on position %d", event.position());
            }
        }
    }

    /** Applies events on the thread that offers them, under its monitor (the writer and the poller both offer). */
    private final class OnCommitFollower extends Follower {

        private volatile boolean live;

        OnCommitFollower(long next, Consumer<StoredEvent> consumer) {
            super(next, consumer);
        }

        /** Catches up on the caller's thread; the monitor is held per event, never across a read. */
        @Override
        void start() {
            followers.add(this);
            long from = next;
            while (true) {
                List<StoredEvent> page = store.read(from, PAGE);
                for (StoredEvent event : page) {
                    synchronized (this) {
                        deliverStored(event);
                    }
                }
                if (page.size() < PAGE) {
                    synchronized (this) {
                        live = true;
                        // An event refused before live was set, and committed after the read, is read again.
                        if (hasAllMissed()) {
                            caughtUp.complete(null);
                            return;
                        }
                        live = false;
                    }
                }
                // Read on from the page's end, not from next: behind a gap, next stays put.
                from = page.isEmpty() ? next : page.get(page.size() - 1).position() + 1;
            }
        }

        @Override
        void offer(StoredEvent event) {
            if (!live) {
                missed(event);
                if (!live) {
                    return;
                }
            }
            synchronized (this) {
                if (event.position() > next && !stoppedAtGap) {
                    // Another instance's events come before it: read them first.
                    readUpTo(event.position());
                }
                deliverStored(event);
            }
        }

        private void readUpTo(long position) {
            long from = next;
            while (from < position && !stoppedAtGap) {
                List<StoredEvent> page = store.read(from, (int) Math.min(PAGE, position - from));
                if (page.isEmpty()) {
                    return;
                }
                page.forEach(this::deliverStored);
                from = page.get(page.size() - 1).position() + 1;
            }
        }
    }

    /**
     * Takes live events into a bounded queue and delivers them on its executor, one turn at a time; reads
     * the store instead whenever it is behind.
     */
    private final class QueuedFollower extends Follower implements Subscription, Runnable {

        private final Executor executor;
        private final Runnable endOfTurn;
        private final ArrayBlockingQueue<StoredEvent> queue = new ArrayBlockingQueue<>(queueSize);
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean paused = new AtomicBoolean();
        /** Reads the store rather than the queue; it starts so, from its position. */
        private volatile boolean behind = true;

        QueuedFollower(long next, Consumer<StoredEvent> consumer, Runnable endOfTurn, Executor executor) {
            super(next, consumer);
            this.endOfTurn = endOfTurn;
            this.executor = executor;
        }

        @Override
        public void start() {
            followers.add(this);
            schedule();
        }

        @Override
        void offer(StoredEvent event) {
            if (stoppedAtGap || closed) {
                return;
            }
            if (behind || paused.get() || !queue.offer(event)) {
                // Never wait for a consumer: it reads this event from the store later.
                missed(event);
                behind = true;
            }
        }

        @Override
        void wake() {
            schedule();
        }

        @Override
        void nudge() {
            if (behind || !queue.isEmpty()) {
                schedule();
            }
        }

        @Override
        public void pause() {
            paused.set(true);
        }

        @Override
        public void resume() {
            if (paused.compareAndSet(true, false)) {
                schedule();
            }
        }

        @Override
        public void close() {
            super.close();
            queue.clear();
        }

        private void schedule() {
            if (!closed && !paused.get() && scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException shuttingDown) {
                    scheduled.set(false);
                }
            }
        }

        /** One turn: a slice of the queue, or one page of the store. Turns never overlap. */
        @Override
        public void run() {
            try {
                long before = next;
                if (!queue.isEmpty()) {
                    drainQueue();
                } else if (behind && !stoppedAtGap) {
                    readPage();
                }
                if (next != before) {
                    endOfTurn.run();
                }
            } catch (RuntimeException e) { // a failed read (database away): the poller's nudge tries again
                Log.warnf("a bus consumer could not read the log at position %d: %s", next, e.toString());
                scheduled.set(false);
                return;
            }
            scheduled.set(false);
            if (!queue.isEmpty() || (behind && !stoppedAtGap)) {
                schedule();
            }
        }

        private void drainQueue() {
            for (int i = 0; i < TURN && !closed && !paused.get(); i++) {
                StoredEvent event = queue.poll();
                if (event == null) {
                    return;
                }
                if (event.position() > next) {
                    // Something lies before it that the queue never held: read it all from the store.
                    missed(event);
                    behind = true;
                    queue.clear();
                    return;
                }
                accept(event); // one it already read from the store is skipped
            }
        }

        private void readPage() {
            List<StoredEvent> page = store.read(next, PAGE);
            for (StoredEvent event : page) {
                if (closed || paused.get()) {
                    return; // the rest is read again on resuming
                }
                deliverStored(event);
            }
            if (page.size() < PAGE || stoppedAtGap) {
                behind = false;
                // An event refused before that, and committed after the read, must still be read.
                if (hasAllMissed()) {
                    caughtUp.complete(null);
                } else {
                    behind = true;
                }
            }
        }
    }
}
