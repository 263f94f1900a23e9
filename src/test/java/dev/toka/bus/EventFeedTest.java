package dev.toka.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import dev.toka.store.jdbc.JdbcEventStore;
import dev.toka.store.memory.InMemoryEventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus's promises, on real stores: each consumer gets every position once and in order, whatever
 * its speed; the writer never waits for a queued consumer; other instances' events arrive too.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A projection that records the positions it is given, and can be held still. */
    static final class Recorder extends Projection {

        final List<Long> delivered = new CopyOnWriteArrayList<>();
        final CountDownLatch released;

        Recorder(String name, Delivery delivery, boolean held) {
            super(name, delivery, WAIT);
            released = new CountDownLatch(held ? 1 : 0);
        }

        @Override
        protected void apply(StoredEvent event) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(event.position());
        }
    }

    @Test
    void aConsumerWhoseQueueOverflowsNeverHoldsTheWriterAndStillGetsEveryPositionOnceInOrder() throws Exception {
        CommitRelay relay = new CommitRelay();
        EventStore store = new InMemoryEventStore(relay, Clock.systemUTC());
        append(store, 10); // stored before it starts: read from the store
        EventFeed feed = new EventFeed(store, relay, Duration.ofMillis(50), 8, 1);
        try {
            Recorder world = new Recorder("on commit", Projection.Delivery.ON_COMMIT, false);
            Recorder held = new Recorder("held", Projection.Delivery.QUEUED, false);
            feed.start(world);
            feed.start(held);
            Recorder stuck = new Recorder("stuck", Projection.Delivery.QUEUED, true);
            Thread starting = new Thread(() -> feed.start(stuck));
            starting.start();

            long began = System.nanoTime();
            append(store, 2_000); // 250 times the queue's size, while one consumer applies nothing
            Duration writing = Duration.ofNanos(System.nanoTime() - began);
            assertEquals(2_010, world.position(), "the on-commit projection is current when the append returns");
            assertTrue(writing.compareTo(Duration.ofSeconds(10)) < 0, "the writer waited for a stuck consumer: " + writing);

            stuck.released.countDown();
            stuck.whenApplied(2_010).get(30, TimeUnit.SECONDS);
            held.whenApplied(2_010).get(30, TimeUnit.SECONDS);
            starting.join();
            assertEquals(positions(2_010), stuck.delivered);
            assertEquals(positions(2_010), held.delivered);
            assertEquals(positions(2_010), world.delivered);
        } finally {
            feed.close();
        }
    }

    @Test
    void eachPositionReachesEachConsumerOnceWhileManyThreadsWriteAndThePollerRuns() throws Exception {
        CommitRelay relay = new CommitRelay();
        EventStore store = new InMemoryEventStore(relay, Clock.systemUTC());
        // A poller every 5 ms looks for positions nobody announced: it must not deliver ours a second time.
        EventFeed feed = new EventFeed(store, relay, Duration.ofMillis(5), 16, 2);
        try {
            Recorder onCommit = new Recorder("on commit", Projection.Delivery.ON_COMMIT, false);
            Recorder queued = new Recorder("queued", Projection.Delivery.QUEUED, false);
            feed.start(onCommit);
            feed.start(queued);
            List<Long> streamed = new CopyOnWriteArrayList<>();
            Subscription subscription = feed.subscription(1, event -> streamed.add(event.position()));
            subscription.start();

            writeConcurrently(store, 8, 500);

            queued.whenApplied(4_000).get(30, TimeUnit.SECONDS);
            awaitSize(streamed, 4_000);
            Thread.sleep(100); // a second delivery, were there one, would arrive now
            assertEquals(positions(4_000), onCommit.delivered);
            assertEquals(positions(4_000), queued.delivered);
            assertEquals(positions(4_000), streamed);
            subscription.close();
        } finally {
            feed.close();
        }
    }

    @Test
    void aPausedSubscriptionKeepsNothingAndReadsTheLogWhenResumed() throws Exception {
        CommitRelay relay = new CommitRelay();
        EventStore store = new InMemoryEventStore(relay, Clock.systemUTC());
        EventFeed feed = new EventFeed(store, relay, Duration.ofSeconds(1), 4, 1);
        try {
            List<Long> streamed = new CopyOnWriteArrayList<>();
            Subscription[] self = new Subscription[1];
            self[0] = feed.subscription(1, event -> {
                streamed.add(event.position());
                if (event.position() == 3) {
                    self[0].pause();
                }
            });
            self[0].start();
            append(store, 3);
            awaitSize(streamed, 3);
            append(store, 3_000);
            Thread.sleep(100);
            assertEquals(positions(3), streamed, "a paused subscription is given nothing");

            self[0].resume();
            awaitSize(streamed, 3_003);
            assertEquals(positions(3_003), streamed);
            self[0].close();
        } finally {
            feed.close();
        }
    }

    @Test
    void eventsAnotherInstanceCommitsReachEveryConsumerInOrderOnce() throws Exception {
        Path file = Path.of("target", "event-feed-test", UUID.randomUUID().toString(), "toka").toAbsolutePath();
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file, "sa", "");
        Flyway.configure().dataSource(pool).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        CommitRelay ours = new CommitRelay();
        JdbcEventStore here = new JdbcEventStore(pool, ours, Clock.systemUTC(), 512, false, WAIT);
        JdbcEventStore there = new JdbcEventStore(pool, events -> {}, Clock.systemUTC(), 512, false, WAIT);
        EventFeed feed = new EventFeed(here, ours, Duration.ofMillis(20), 16, 1);
        try {
            Recorder onCommit = new Recorder("on commit", Projection.Delivery.ON_COMMIT, false);
            Recorder queued = new Recorder("queued", Projection.Delivery.QUEUED, false);
            feed.start(onCommit);
            feed.start(queued);
            List<Long> streamed = new CopyOnWriteArrayList<>();
            Subscription subscription = feed.subscription(1, event -> streamed.add(event.position()));
            subscription.start();

            for (int round = 0; round < 20; round++) { // interleaved: theirs before ours, and theirs last
                append(there, 7);
                append(here, 3);
            }
            append(there, 50);

            onCommit.whenApplied(250).get(30, TimeUnit.SECONDS);
            queued.whenApplied(250).get(30, TimeUnit.SECONDS);
            awaitSize(streamed, 250);
            assertEquals(positions(250), onCommit.delivered);
            assertEquals(positions(250), queued.delivered);
            assertEquals(positions(250), streamed);
            subscription.close();
        } finally {
            feed.close();
            here.close();
            there.close();
            pool.dispose();
        }
    }

    static void append(EventStore store, int count) {
        for (int i = 0; i < count; i++) {
            store.append("agent-" + (i % 7), ExpectedVersion.any(), List.of(
                    new NewEvent(UUID.randomUUID(), "Counted", "{\"n\":" + i + "}", EventMetadata.of("test"))));
        }
    }

    private static void writeConcurrently(EventStore store, int writers, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> append(store, each)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static List<Long> positions(long last) {
        return LongStream.rangeClosed(1, last).boxed().toList();
    }

    static void awaitSize(List<Long> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(size, list.size(), "events delivered");
    }
}
