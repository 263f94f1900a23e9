package dev.toka.store.jdbc;

import java.util.Set;
import dev.toka.store.RandomSnapshotKey;
import dev.toka.store.Snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.DeadlineExceededException;
import dev.toka.store.ChainHead;
import dev.toka.store.ChainVerification;
import dev.toka.store.CommitListener;
import dev.toka.store.EventHasher;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.EventStoreContractTest;
import dev.toka.store.EventStoreException;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.LogDefect;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import dev.toka.store.WrongExpectedVersionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract on {@link JdbcEventStore}, plus what only a shared database can show: several
 * stores (service instances) on one log, the unique-index backstop, and closing.
 */
abstract class JdbcEventStoreContractTest extends EventStoreContractTest {

    static final int MAX_BATCH_SIZE = 512;
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    /** The migrated database under test. */
    protected abstract DataSource dataSource();

    /** The migrations the service runs for a vendor ({@code h2} or {@code postgresql}): common ones, then its own. */
    static FluentConfiguration flyway(DataSource dataSource, String vendor) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor);
    }

    @Override
    protected EventStore createStore(CommitListener listener) {
        // Without the store's DEBUG lines: with them, this contract alone wrote 95 % of a CI log.
        return new JdbcEventStore(dataSource(), listener, CLOCK, MAX_BATCH_SIZE, false, COMMIT_TIMEOUT);
    }

    @Override
    protected void resetStorage() throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE events");
            statement.execute("UPDATE chain_head SET global_position = 0, hash = '" + EventHasher.GENESIS_HASH + "'");
            for (String checkpoint : List.of("verified_checkpoint", "contiguous_checkpoint")) {
                statement.execute("UPDATE " + checkpoint + " SET global_position = 0, hash = '"
                        + EventHasher.GENESIS_HASH + "'");
            }
        }
    }

    @Override
    protected void changeStoredPayload(long position, String payload) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE events SET data = ? WHERE global_position = ?")) {
            update.setString(1, payload);
            update.setLong(2, position);
            assertEquals(1, update.executeUpdate());
        }
    }

    @Test
    @Timeout(120)
    protected void twoStoresOnOneDatabaseKeepOneChainAndOneSuccessPerVersion() throws Exception {
        RecordingListener otherListener = new RecordingListener();
        EventStore[] instances = {testSubject, store(otherListener)};
        int versions = 100;
        Map<Long, Integer> winners = new ConcurrentHashMap<>();
        runWriters(writer -> {
            EventStore instance = instances[writer % 2];
            long known = ExpectedVersion.NO_STREAM_VERSION;
            while (known < versions - 1) {
                try {
                    known = instance.append("shared-1", ExpectedVersion.exactly(known), List.of(event()))
                            .get(0).streamVersion();
                    assertNull(winners.put(known, writer), "two winners of one version");
                } catch (WrongExpectedVersionException conflict) {
                    known = conflict.actual();
                }
            }
            return null;
        });

        List<StoredEvent> log = readAll(testSubject);
        assertEquals(LongStream.rangeClosed(1, versions).boxed().toList(), positions(log));
        assertEquals(LongStream.range(0, versions).boxed().toList(),
                log.stream().map(StoredEvent::streamVersion).toList());
        assertEquals(versions, listener.heard().size() + otherListener.heard().size());
        assertTrue(testSubject.verify().ok());
    }

    @Test
    @Timeout(60)
    protected void appendsOfAnotherInstanceInBetweenAreNoticedAndTheChainStaysOne() {
        RecordingListener otherListener = new RecordingListener();
        EventStore other = store(otherListener);
        StoredEvent first = testSubject.append("agent-1", ExpectedVersion.noStream(), List.of(event())).get(0);
        other.append("agent-1", ExpectedVersion.exactly(0), List.of(event()));

        // The test subject's last commit left version 0 of agent-1 and head 1: both are stale now.
        WrongExpectedVersionException conflict = assertThrows(WrongExpectedVersionException.class,
                () -> testSubject.append("agent-1", ExpectedVersion.exactly(0), List.of(event())));
        assertEquals(1, conflict.actual());
        assertEquals(3, testSubject.append("agent-1", ExpectedVersion.exactly(1), List.of(event())).get(0).position());
        assertEquals(4, other.append("agent-2", ExpectedVersion.noStream(), List.of(event())).get(0).position());
        assertEquals(5, testSubject.append("agent-2", ExpectedVersion.any(), List.of(event())).get(0).position());
        // A retry sent to the other instance gets the stored event back.
        NewEvent retried = new NewEvent(first.eventId(), first.type(), first.payload(), first.metadata());
        assertEquals(List.of(first), other.append("agent-1", ExpectedVersion.any(), List.of(retried)));

        List<StoredEvent> log = readAll(testSubject);
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), positions(log));
        assertEquals(List.of(0L, 1L, 2L), log.stream()
                .filter(event -> event.streamId().equals("agent-1")).map(StoredEvent::streamVersion).toList());
        assertEquals(5, listener.heard().size() + otherListener.heard().size());
        assertTrue(testSubject.verify().ok());
    }

    @Test
    @Timeout(60)
    protected void retryExpectingAnyVersionInABatchGetsItsStoredEventsAndTheOtherAppendIsWritten() {
        assertRetryInABatchGetsItsStoredEvents(ExpectedVersion.any());
    }

    @Test
    @Timeout(60)
    protected void retryWithAStaleExpectedVersionInABatchGetsItsStoredEventsAndTheOtherAppendIsWritten() {
        assertRetryInABatchGetsItsStoredEvents(ExpectedVersion.noStream());
    }

    /** A retry of the first append, in one batch with a new append to another stream. */
    private void assertRetryInABatchGetsItsStoredEvents(ExpectedVersion retryExpects) {
        Gate gate = new Gate();
        EventStore gated = store(gate);
        NewEvent original = event();
        List<StoredEvent> stored = gated.append("agent-1", ExpectedVersion.noStream(), List.of(original));
        gate.hold(gated);

        CompletableFuture<List<StoredEvent>> retry = gated.appendAsync("agent-1", retryExpects, List.of(original));
        CompletableFuture<List<StoredEvent>> bystander =
                gated.appendAsync("agent-2", ExpectedVersion.noStream(), List.of(event()));
        gate.release();

        assertEquals(stored, retry.join());
        assertEquals(3, bystander.join().get(0).position());
        assertEquals(3, gated.headPosition());
        assertEquals(0, gated.streamVersion("agent-1"));
    }

    @Test
    @Timeout(60)
    protected void uniqueIndexViolationFailsOnlyTheCulpritOfItsBatch() throws Exception {
        Gate gate = new Gate();
        EventStore gated = store(gate);
        gated.append("agent-1", ExpectedVersion.noStream(), List.of(event()));
        // A writer that ignores the chain head takes version 1 of agent-1 behind the store's back.
        insertRogueEvent("agent-1", 1, 1_000);
        gate.hold(gated);

        CompletableFuture<List<StoredEvent>> culprit =
                gated.appendAsync("agent-1", ExpectedVersion.exactly(0), List.of(event()));
        CompletableFuture<List<StoredEvent>> bystander =
                gated.appendAsync("agent-2", ExpectedVersion.noStream(), List.of(event()));
        gate.release();

        CompletionException failure = assertThrows(CompletionException.class, culprit::join);
        WrongExpectedVersionException conflict = assertInstanceOf(WrongExpectedVersionException.class, failure.getCause());
        assertEquals(1, conflict.actual());
        assertEquals(3, bystander.join().get(0).position());
        assertEquals(3, gated.headPosition());
    }

    @Test
    @Timeout(60)
    protected void sameEventIdTwiceInOneBatchIsWrittenOnce() {
        Gate gate = new Gate();
        EventStore gated = store(gate);
        gate.hold(gated);
        NewEvent retried = event();

        CompletableFuture<List<StoredEvent>> first =
                gated.appendAsync("agent-1", ExpectedVersion.noStream(), List.of(retried));
        CompletableFuture<List<StoredEvent>> second =
                gated.appendAsync("agent-1", ExpectedVersion.noStream(), List.of(retried));
        gate.release();

        assertEquals(first.join(), second.join());
        assertEquals(2, gated.headPosition());
    }

    @Test
    @Timeout(60)
    protected void closeCommitsQueuedAppendsAndRefusesLaterOnes() {
        JdbcEventStore closing = (JdbcEventStore) store(listener);
        List<CompletableFuture<List<StoredEvent>>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(closing.appendAsync("agent-" + i, ExpectedVersion.noStream(), List.of(event())));
        }

        closing.close();

        queued.forEach(CompletableFuture::join);
        assertEquals(100, testSubject.headPosition());
        CompletionException refused = assertThrows(CompletionException.class,
                () -> closing.appendAsync("agent-1", ExpectedVersion.any(), List.of(event())).join());
        assertInstanceOf(EventStoreException.class, refused.getCause());
    }

    @Test
    protected void verifyFindsARemovedLastEventByTheChainHead() throws SQLException {
        List<StoredEvent> stored = appendCounted(5);
        assertTrue(testSubject.verify().ok());

        execute("DELETE FROM events WHERE global_position = 5");

        ChainVerification verification = testSubject.verify();
        assertFalse(verification.ok(), "the chain up to 4 is intact, but the head records 5");
        assertEquals(OptionalLong.of(5), verification.firstBadPosition());
        assertEquals(new ChainHead(5, stored.get(4).hash()), verification.head());
    }

    @Test
    protected void verifyFromACheckpointChecksOnlyTheEventsAfterItAndFindsAChainRewrittenBeforeIt()
            throws Exception {
        List<StoredEvent> stored = appendCounted(5);
        ChainHead checkpoint = new ChainHead(3, stored.get(2).hash());
        ChainVerification fromCheckpoint = testSubject.verifyFrom(checkpoint);
        assertTrue(fromCheckpoint.ok());
        assertEquals(2, fromCheckpoint.checked(), "only positions 4 and 5");

        // A byte changed in place before the checkpoint, no hash recomputed: only a check from the start sees it.
        changeStoredPayload(2, "{\"n\":99}");
        assertTrue(testSubject.verifyFrom(checkpoint).ok());
        assertEquals(OptionalLong.of(2), testSubject.verify().firstBadPosition());

        // The chain rewritten up to the checkpoint: the event after it no longer chains on to its hash.
        execute("UPDATE events SET hash = '" + "a".repeat(64) + "' WHERE global_position = 3");
        execute("UPDATE events SET prev_hash = '" + "a".repeat(64) + "' WHERE global_position = 4");
        ChainVerification rewritten = testSubject.verifyFrom(checkpoint);
        assertFalse(rewritten.ok());
        assertEquals(OptionalLong.of(4), rewritten.firstBadPosition());
    }

    @Test
    protected void aCheckpointBeyondATruncatedLogIsABreakAfterTheHead() throws SQLException {
        List<StoredEvent> stored = appendCounted(3);
        ChainVerification verification = testSubject.verifyFrom(new ChainHead(7, stored.get(2).hash()));
        assertFalse(verification.ok());
        assertEquals(OptionalLong.of(4), verification.firstBadPosition());
    }

    @Test
    protected void theVerifiedCheckpointOnlyMovesForward() throws SQLException {
        JdbcSnapshots checkpoints = new JdbcSnapshots(dataSource(), java.time.Clock.systemUTC());
        checkpoints.record(ChainHead.EMPTY); // position 0: nothing verified yet
        assertEquals(Optional.empty(), checkpoints.last());
        checkpoints.record(new ChainHead(5, "b".repeat(64)));
        checkpoints.record(new ChainHead(3, "c".repeat(64)));
        assertEquals(Optional.of(new ChainHead(5, "b".repeat(64))), checkpoints.last());
        execute("UPDATE verified_checkpoint SET global_position = 0, hash = '" + EventHasher.GENESIS_HASH + "'");
    }

    @Test
    protected void aSnapshotIsStoredReplacedReadBackAndDeleted() {
        JdbcSnapshots snapshots = new JdbcSnapshots(dataSource(), java.time.Clock.systemUTC());
        RandomSnapshotKey key = new RandomSnapshotKey();
        Snapshot first = Snapshot.of("test projection", 1, 3, "d".repeat(64), Set.of("A", "B"), "{\"n\":1}", key);
        Snapshot second = Snapshot.of("test projection", 1, 9, "e".repeat(64), Set.of("A"), "{\"n\":2}", key);
        snapshots.save(first);
        assertEquals(Optional.of(first), snapshots.latest("test projection"));
        snapshots.save(second);
        Snapshot read = snapshots.latest("test projection").orElseThrow();
        assertEquals(second, read);
        assertTrue(read.authentic(key));
        assertFalse(read.authentic(new RandomSnapshotKey()), "another key did not make this MAC");
        snapshots.delete("test projection");
        assertEquals(Optional.empty(), snapshots.latest("test projection"));
    }

    @Test
    protected void startUpCheckPassesAnEmptyAndAnIntactLog() {
        JdbcEventStore store = (JdbcEventStore) testSubject;
        assertEquals(Optional.empty(), store.findDefect(true));
        appendCounted(5);
        assertEquals(Optional.empty(), store.findDefect(true));
    }

    @Test
    protected void startUpCheckNamesTheFirstMissingPosition() throws SQLException {
        appendCounted(6);
        execute("DELETE FROM events WHERE global_position IN (3, 6)");

        LogDefect defect = ((JdbcEventStore) testSubject).findDefect(true).orElseThrow();
        assertEquals(3, defect.position());
        assertTrue(defect.problem().contains("position 3 is missing"), defect.problem());
    }

    @Test
    protected void startUpCheckNamesAMissingLastEvent() throws SQLException {
        appendCounted(6);
        execute("DELETE FROM events WHERE global_position = 6");

        LogDefect defect = ((JdbcEventStore) testSubject).findDefect(true).orElseThrow();
        assertEquals(6, defect.position());
        assertTrue(defect.problem().contains("chain head records position 6"), defect.problem());
    }

    @Test
    protected void startUpCheckNamesALastRowWhoseHashIsNotTheHeads() throws SQLException {
        appendCounted(3);
        execute("UPDATE events SET hash = '" + "f".repeat(64) + "' WHERE global_position = 3");

        assertEquals(3, ((JdbcEventStore) testSubject).findDefect(true).orElseThrow().position());
    }

    @Test
    protected void startUpCheckCountsOnlyTheRowsAfterTheLastStartsCheckpoint() throws SQLException {
        JdbcEventStore store = (JdbcEventStore) testSubject;
        appendCounted(6);
        assertEquals(Optional.empty(), store.findDefect(true)); // records position 6 as contiguous
        appendCounted(4);
        execute("DELETE FROM events WHERE global_position = 3");

        // Rows before the checkpoint were proved contiguous once: a later hole there is verify's to find ...
        assertEquals(Optional.empty(), store.findDefect(false));
        assertEquals(OptionalLong.of(3), testSubject.verify().firstBadPosition());
        // ... while one after it is found at start, and then the first hole of the whole log is named.
        execute("DELETE FROM events WHERE global_position = 8");
        LogDefect defect = store.findDefect(true).orElseThrow();
        assertEquals(3, defect.position());
        assertTrue(defect.problem().contains("8 events are stored up to position 10"), defect.problem());
    }

    @Test
    protected void aReadOnlyStartUpCheckRecordsNoCheckpoint() throws SQLException {
        JdbcEventStore store = (JdbcEventStore) testSubject;
        appendCounted(6);
        assertEquals(Optional.empty(), store.findDefect(false));
        execute("DELETE FROM events WHERE global_position = 3");
        assertEquals(3, store.findDefect(false).orElseThrow().position());
    }

    @Test
    protected void startUpCheckCountsEverythingWhenItsCheckpointsRowIsGone() throws SQLException {
        JdbcEventStore store = (JdbcEventStore) testSubject;
        appendCounted(6);
        assertEquals(Optional.empty(), store.findDefect(true));
        execute("DELETE FROM events WHERE global_position IN (3, 6)");
        assertEquals(3, store.findDefect(true).orElseThrow().position(), "the checkpoint's own row is gone");
    }

    @Test
    protected void startUpCheckTakesAVerifiedCheckpointAsItsAnchor() throws SQLException {
        List<StoredEvent> stored = appendCounted(6);
        new JdbcSnapshots(dataSource(), java.time.Clock.systemUTC()).record(
                new ChainHead(5, stored.get(4).hash()));
        execute("DELETE FROM events WHERE global_position = 2");
        assertEquals(Optional.empty(), ((JdbcEventStore) testSubject).findDefect(false));

        execute("UPDATE events SET hash = '" + "f".repeat(64) + "' WHERE global_position = 5");
        assertEquals(2, ((JdbcEventStore) testSubject).findDefect(false).orElseThrow().position(),
                "a checkpoint the log no longer holds is no anchor");
    }

    @Test
    protected void startUpCheckNamesRowsPastTheHead() throws SQLException {
        appendCounted(2);
        insertRogueEvent("agent-9", 0, 3);

        LogDefect defect = ((JdbcEventStore) testSubject).findDefect(true).orElseThrow();
        assertEquals(3, defect.position());
        assertTrue(defect.problem().contains("past the chain head"), defect.problem());
    }

    @Test
    @Timeout(60)
    protected void anAppendWhoseCommitIsHeldUpFailsAtTheDeadlineAndMayStillCommit() throws Exception {
        EventStore store = new JdbcEventStore(dataSource(), listener, CLOCK, MAX_BATCH_SIZE, false,
                Duration.ofMillis(500));
        try (Connection holder = dataSource().getConnection()) {
            // Another writer holds the head row (as a hung transaction would): no commit can get past it.
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.executeQuery("SELECT global_position FROM chain_head WHERE id = 1 FOR UPDATE").close();
            }
            long started = System.nanoTime();
            CompletableFuture<List<StoredEvent>> held = store.appendAsync("agent-1", ExpectedVersion.any(),
                    List.of(event()));

            CompletionException failure = assertThrows(CompletionException.class, held::join);
            DeadlineExceededException late = assertInstanceOf(DeadlineExceededException.class, failure.getCause());
            assertTrue(late.getMessage().contains("did not commit within PT0.5S"), late.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
            holder.rollback();
            // Only the answer gave up: once the head is free, the append commits.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.headPosition() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, store.headPosition());
        } finally {
            ((JdbcEventStore) store).close();
        }
    }

    private List<StoredEvent> appendCounted(int count) {
        List<StoredEvent> stored = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            stored.addAll(testSubject.append("agent-1", ExpectedVersion.any(),
                    List.of(event("Counted", "{\"n\":" + i + "}"))));
        }
        return stored;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void insertRogueEvent(String stream, long version, long position) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(EventsTable.INSERT)) {
            StoredEvent rogue = new StoredEvent(position, stream, version, UUID.randomUUID(), "Rogue", "{}",
                    EventMetadata.of("rogue"), CLOCK.instant(), EventHasher.GENESIS_HASH,
                    EventHasher.GENESIS_HASH);
            EventsTable.bindInsert(insert, rogue, "{\"principal\":\"rogue\"}");
            insert.executeUpdate();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "latch not released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A listener that can hold the appender thread inside a commit, so that the appends queued
     * meanwhile form the next batch together.
     */
    private static final class Gate implements CommitListener {

        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void afterCommit(List<StoredEvent> events) {
            if (events.get(0).type().equals("Gate")) {
                entered.countDown();
                await(released);
            }
        }

        /** Appends a gate event and returns once the appender is held in its commit. */
        void hold(EventStore store) {
            store.appendAsync("gate-1", ExpectedVersion.any(), List.of(event("Gate", "{}")));
            await(entered);
        }

        void release() {
            released.countDown();
        }
    }
}
