package dev.toka.bus;

import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Lets consumers follow the log: first what is stored from a position on, then every event as it
 * commits, each exactly once and in position order, with no gap even for an event that commits
 * while the catch-up runs.
 */
@Singleton
public class EventFeed {

    private static final int PAGE = 1_000;

    private final EventStore store;
    private final Duration pollInterval;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;

    public EventFeed(EventStore store, @ConfigProperty(name = "toka.bus.poll-interval") Duration pollInterval) {
        this.store = store;
        this.pollInterval = pollInterval;
    }

    // Its own timer: the Quarkus scheduler runs nothing more often than once a second.
    void onStart(@Observes StartupEvent start) {
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "toka-bus-poller");
            thread.setDaemon(true);
            return thread;
        });
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private void pollSafely() {
        try {
            pollForOtherInstances();
        } catch (RuntimeException e) { // a failed poll (database away) must not end the polling
            Log.warnf("polling the log for other instances' events failed: %s", e.toString());
        }
    }

    /** A committed event, from the committing thread or from the channel; each position is delivered once. */
    @Incoming(CommittedEventPublisher.CHANNEL)
    void onCommitted(StoredEvent event) {
        for (Follower follower : followers) {
            follower.onLive(event);
        }
    }

    /**
     * Picks up events that other service instances committed to a shared database: positions are
     * gap-free, so reading on from the last position delivered misses nothing, and followers skip
     * what they already have.
     */
    void pollForOtherInstances() {
        long from = followers.stream().filter(Follower::isFollowing).mapToLong(Follower::next).min()
                .orElse(Long.MAX_VALUE);
        if (from == Long.MAX_VALUE || store.headPosition() < from) {
            return;
        }
        List<StoredEvent> page;
        while (!(page = store.read(from, PAGE)).isEmpty()) {
            page.forEach(this::onCommitted);
            from = page.get(page.size() - 1).position() + 1;
        }
    }

    /**
     * Delivers events from {@code fromPosition} on to {@code consumer}. The stored ones are delivered
     * on the calling thread before this method returns; later ones on the thread that commits them.
     *
     * @return a handle that stops the delivery
     */
    public AutoCloseable follow(long fromPosition, Consumer<StoredEvent> consumer) {
        Follower follower = new Follower(Math.max(1, fromPosition), consumer);
        followers.add(follower);
        follower.catchUp();
        return () -> followers.remove(follower);
    }

    /** One consumer's position, and the live events that arrived while it was catching up. */
    private final class Follower {

        private final Consumer<StoredEvent> consumer;
        private final Queue<StoredEvent> pending = new ArrayDeque<>();
        private long next;
        private boolean live;
        private boolean stoppedAtGap;

        Follower(long next, Consumer<StoredEvent> consumer) {
            this.next = next;
            this.consumer = consumer;
        }

        void catchUp() {
            // Read on from each page's end, not from next: behind a gap, next stays put.
            long from = next;
            while (true) {
                List<StoredEvent> page = store.read(from, PAGE);
                synchronized (this) {
                    // A stored page has no event to fetch: a jump in it is a gap in the log.
                    page.forEach(this::deliverStored);
                    if (page.size() < PAGE) {
                        // Anything committed after this read is already queued in pending.
                        while (!pending.isEmpty()) {
                            deliver(pending.poll());
                        }
                        live = true;
                        return;
                    }
                }
                from = page.get(page.size() - 1).position() + 1;
            }
        }

        synchronized long next() {
            return next;
        }

        /** Live and not stopped at a gap: a gap in the log is for good, so polling for it is wasted. */
        synchronized boolean isFollowing() {
            return live && !stoppedAtGap;
        }

        synchronized void onLive(StoredEvent event) {
            if (live) {
                deliver(event);
            } else {
                pending.add(event);
            }
        }

        private void deliver(StoredEvent event) {
            if (event.position() > next && !stoppedAtGap) {
                // Defensive: fetch whatever the channel skipped rather than deliver out of order.
                store.read(next, (int) Math.min(Integer.MAX_VALUE, event.position() - next)).forEach(this::accept);
            }
            deliverStored(event);
        }

        private void deliverStored(StoredEvent event) {
            if (event.position() > next && !stoppedAtGap) {
                // Everything before a stored event is committed, so the missing position never comes.
                // Not silent: every write waiting for this consumer gets a 503 at its deadline.
                stoppedAtGap = true;
                Log.errorf("position %d is missing from the event log, but %d is stored: a consumer stops at %d."
                        + " Check GET /api/v1/events/verify and restore the log (docs/event-log.md)",
                        next, event.position(), next - 1);
            }
            accept(event);
        }

        private void accept(StoredEvent event) {
            if (event.position() != next) {
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
}
