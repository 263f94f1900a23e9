package dev.toka.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link EventStore} promises, run against each implementation by a subclass.
 *
 * <p>Scenarios are {@code protected} so that an implementation that cannot run one overrides it
 * with {@code @Disabled} and says why.
 */
public abstract class EventStoreContractTest {

    /** The clock every store under test stamps with: it has nanoseconds, which the store must truncate. */
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00.123456789Z"), ZoneOffset.UTC);

    private static final String DEFAULT_STREAM = "agent-1";
    private static final String OTHER_STREAM = "agent-2";
    private static final EventMetadata DEFAULT_METADATA =
            EventMetadata.of("admin").causedBy("cause-1").correlatedWith("run-7");
    private static final int WRITERS = 16;
    private static final int APPENDS_PER_WRITER = 200;

    protected final RecordingListener listener = new RecordingListener();
    protected EventStore testSubject;
    private final List<EventStore> created = new ArrayList<>();

    /** A new store with no events, on storage that {@link #resetStorage()} emptied. */
    protected abstract EventStore createStore(CommitListener listener);

    /** Empties the storage before each scenario; nothing to do for stores that keep nothing. */
    protected void resetStorage() throws Exception {}

    /** Overwrites the stored payload of one event behind the store's back, as an attacker would. */
    protected void changeStoredPayload(long position, String payload) throws Exception {
        throw new UnsupportedOperationException("this store cannot be changed around its API");
    }

    @BeforeEach
    final void createTestSubject() throws Exception {
        resetStorage();
        testSubject = store(listener);
    }

    @AfterEach
    final void closeStores() throws Exception {
        for (EventStore store : created) {
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** Creates a store that is closed after the scenario. */
    protected final EventStore store(CommitListener listener) {
        EventStore store = createStore(listener);
        created.add(store);
        return store;
    }

    @Test
    protected void appendedEventsReadBackAsStoredWithCanonicalPayload() {
        List<StoredEvent> appended = testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(),
                List.of(event("AgentSpawned", "{ \"b\": 2, \"a\": [1.0, \"x\"] }"), event("AgentReady", "{}")));

        assertEquals(appended, testSubject.read(1, 10));
        StoredEvent first = appended.get(0);
        assertEquals(DEFAULT_STREAM, first.streamId());
        assertEquals("AgentSpawned", first.type());
        assertEquals("{\"a\":[1,\"x\"],\"b\":2}", first.payload());
        assertEquals(DEFAULT_METADATA, first.metadata());
        assertEquals(Instant.parse("2025-03-01T12:00:00.123456Z"), first.recordedAt());
        assertEquals(EventHasher.GENESIS_HASH, first.previousHash());
        assertEquals(first.hash(), appended.get(1).previousHash());
        assertEquals(EventHasher.expectedHash(first), first.hash());
    }

    @Test
    protected void metadataWithoutCausationOrCorrelationReadsBackWithout() {
        NewEvent bare = new NewEvent(UUID.randomUUID(), "Tick", "{}", EventMetadata.of("system"));

        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(bare));

        assertEquals(EventMetadata.of("system"), testSubject.read(1, 1).get(0).metadata());
    }

    @Test
    protected void aTraceReadsBackAndIsCoveredByTheChain() {
        EventMetadata traced = DEFAULT_METADATA.inSpan("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(new NewEvent(UUID.randomUUID(), "Tick", "{}",
                traced)));

        assertEquals(traced, testSubject.read(1, 1).get(0).metadata());
        assertTrue(testSubject.verify().ok());
    }

    @Test
    protected void anInstanceReadsBackAndIsCoveredByTheChain() {
        EventMetadata stamped = DEFAULT_METADATA.byInstance("i-0a1b2c3d");

        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(new NewEvent(UUID.randomUUID(), "Tick", "{}",
                stamped)));

        assertEquals(stamped, testSubject.read(1, 1).get(0).metadata());
        assertTrue(testSubject.verify().ok());
    }

    @Test
    protected void emptyStoreHasHeadZeroAndNoEvents() {
        assertEquals(0, testSubject.headPosition());
        assertEquals(List.of(), testSubject.read(1, 10));
        assertEquals(ExpectedVersion.NO_STREAM_VERSION, testSubject.streamVersion(DEFAULT_STREAM));
        assertTrue(testSubject.verify().ok());
    }

    @Test
    protected void streamVersionsStartAtZeroAndGlobalPositionsAtOneWithoutGaps() {
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event(), event()));
        testSubject.append(OTHER_STREAM, ExpectedVersion.any(), List.of(event()));
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event()));

        List<StoredEvent> log = testSubject.read(1, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L), log.stream().map(StoredEvent::position).toList());
        assertEquals(List.of(0L, 1L, 0L, 2L), log.stream().map(StoredEvent::streamVersion).toList());
        assertEquals(2, testSubject.streamVersion(DEFAULT_STREAM));
        assertEquals(0, testSubject.streamVersion(OTHER_STREAM));
        assertEquals(4, testSubject.headPosition());
    }

    @Test
    protected void acceptsAppendWhenExpectedVersionMatches() {
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(), List.of(event()));
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.exactly(0), List.of(event(), event()));
        List<StoredEvent> last = testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event()));

        assertEquals(3, last.get(0).streamVersion());
    }

    @Test
    protected void rejectsAppendWhenStreamExistsAndNoStreamIsExpectedError() {
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(), List.of(event()));

        WrongExpectedVersionException conflict = assertThrows(WrongExpectedVersionException.class,
                () -> testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(), List.of(event())));

        assertEquals(DEFAULT_STREAM, conflict.streamId());
        assertEquals(ExpectedVersion.noStream(), conflict.expected());
        assertEquals(0, conflict.actual());
        assertEquals(1, testSubject.headPosition());
    }

    @Test
    protected void rejectsAppendWhenExpectedVersionIsStaleError() {
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event(), event()));

        CompletionException failure = assertThrows(CompletionException.class,
                () -> testSubject.appendAsync(DEFAULT_STREAM, ExpectedVersion.exactly(0), List.of(event())).join());

        WrongExpectedVersionException conflict = assertInstanceOf(WrongExpectedVersionException.class, failure.getCause());
        assertEquals(DEFAULT_STREAM, conflict.streamId());
        assertEquals(ExpectedVersion.exactly(0), conflict.expected());
        assertEquals(1, conflict.actual());
        assertEquals(2, testSubject.headPosition());
    }

    @Test
    protected void rejectsAppendExpectingAVersionOfAMissingStreamError() {
        WrongExpectedVersionException conflict = assertThrows(WrongExpectedVersionException.class,
                () -> testSubject.append(OTHER_STREAM, ExpectedVersion.exactly(3), List.of(event())));

        assertEquals(OTHER_STREAM, conflict.streamId());
        assertEquals(ExpectedVersion.NO_STREAM_VERSION, conflict.actual());
        assertEquals(0, testSubject.headPosition());
    }

    @Test
    protected void appendingAStoredEventIdAgainReturnsTheStoredEventAndWritesNothing() {
        NewEvent original = event("AgentSpawned", "{\"n\":1}");
        StoredEvent stored = testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(), List.of(original)).get(0);
        NewEvent retry = new NewEvent(original.eventId(), "Other", "{\"n\":2}", EventMetadata.of("someone"));

        // Even an expectation that would now fail: the retry must see the first attempt's success.
        List<StoredEvent> again = testSubject.append(OTHER_STREAM, ExpectedVersion.noStream(), List.of(retry));

        assertEquals(List.of(stored), again);
        assertEquals(1, testSubject.headPosition());
        assertEquals(ExpectedVersion.NO_STREAM_VERSION, testSubject.streamVersion(OTHER_STREAM));
        assertEquals(List.of(stored), listener.heard());
    }

    @Test
    protected void appendWithOneStoredEventIdWritesNoneOfItsEvents() {
        NewEvent original = event();
        StoredEvent stored = testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(original)).get(0);

        List<StoredEvent> again = testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event(), original));

        assertEquals(List.of(stored), again);
        assertEquals(1, testSubject.headPosition());
    }

    @Test
    protected void retryWhoseExpectedVersionIsStaleNowReturnsTheStoredEvents() {
        testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(), List.of(event()));
        List<NewEvent> append = List.of(event(), event());
        List<StoredEvent> stored = testSubject.append(DEFAULT_STREAM, ExpectedVersion.exactly(0), append);

        // The caller missed the answer and sends the same append again: version 0 is stale by now.
        List<StoredEvent> again = testSubject.append(DEFAULT_STREAM, ExpectedVersion.exactly(0), append);

        assertEquals(stored, again);
        assertEquals(3, testSubject.headPosition());
        assertEquals(readAll(testSubject), listener.heard());
    }

    @Test
    protected void retryExpectingAnyVersionReturnsTheStoredEventsAndWritesNothing() {
        NewEvent original = event();
        List<StoredEvent> stored = testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(original));
        testSubject.append(OTHER_STREAM, ExpectedVersion.any(), List.of(event()));

        List<StoredEvent> again = testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(original));

        assertEquals(stored, again);
        assertEquals(2, testSubject.headPosition());
        assertEquals(0, testSubject.streamVersion(DEFAULT_STREAM));
        assertEquals(readAll(testSubject), listener.heard());
        assertEquals(3, testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event())).get(0).position());
        assertTrue(testSubject.verify().ok());
    }

    @Test
    protected void rejectsAppendContainingOneEventIdTwiceError() {
        NewEvent twice = event();

        assertThrows(IllegalArgumentException.class,
                () -> testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(twice, twice)));

        assertEquals(0, testSubject.headPosition());
    }

    @Test
    protected void readStreamReturnsOnlyThatStreamFromThePositionUpToTheLimit() {
        for (int i = 0; i < 3; i++) {
            testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event()));
            testSubject.append(OTHER_STREAM, ExpectedVersion.any(), List.of(event()));
        }

        assertEquals(List.of(1L, 3L, 5L), positions(testSubject.readStream(DEFAULT_STREAM, 1, 10)));
        assertEquals(List.of(3L, 5L), positions(testSubject.readStream(DEFAULT_STREAM, 2, 10)));
        assertEquals(List.of(2L), positions(testSubject.readStream(OTHER_STREAM, 1, 1)));
        assertEquals(List.of(), testSubject.readStream("agent-3", 1, 10));
        assertEquals(List.of(3L, 4L), positions(testSubject.read(3, 2)));
        assertEquals(List.of(), testSubject.read(7, 10));
    }

    @Test
    protected void listenerHearsCommittedEventsOnceInPositionOrderBeforeTheAppendCompletes() {
        NewEvent first = event();
        List<StoredEvent> appended = new ArrayList<>(testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(first)));
        assertEquals(appended, listener.heard());

        testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(first));
        assertThrows(WrongExpectedVersionException.class,
                () -> testSubject.append(DEFAULT_STREAM, ExpectedVersion.noStream(), List.of(event())));
        appended.addAll(testSubject.append(OTHER_STREAM, ExpectedVersion.any(), List.of(event(), event())));

        assertEquals(appended, listener.heard());
    }

    @Test
    protected void multiEventAppendIsAtomic() {
        List<StoredEvent> appended = testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(),
                List.of(event(), event(), event()));
        assertEquals(List.of(1L, 2L, 3L), positions(appended));
        assertEquals(List.of(0L, 1L, 2L), appended.stream().map(StoredEvent::streamVersion).toList());

        assertThrows(IllegalArgumentException.class, () -> testSubject.append(OTHER_STREAM, ExpectedVersion.any(),
                List.of(event(), event("Broken", "{\"unterminated\":"))));
        assertThrows(WrongExpectedVersionException.class, () -> testSubject.append(DEFAULT_STREAM,
                ExpectedVersion.exactly(0), List.of(event(), event())));

        assertEquals(3, testSubject.headPosition());
        assertEquals(ExpectedVersion.NO_STREAM_VERSION, testSubject.streamVersion(OTHER_STREAM));
        assertEquals(appended, listener.heard());
    }

    @Test
    @Timeout(120)
    protected void concurrentWritersToDistinctStreamsProduceAGapFreeLogThatVerifies() throws Exception {
        runWriters(writer -> {
            String stream = "writer-" + writer;
            for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                testSubject.append(stream, ExpectedVersion.exactly(i - 1L), List.of(event()));
            }
            return null;
        });

        int total = WRITERS * APPENDS_PER_WRITER;
        List<StoredEvent> log = readAll(testSubject);
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), positions(log));
        for (int writer = 0; writer < WRITERS; writer++) {
            String stream = "writer-" + writer;
            assertEquals(LongStream.range(0, APPENDS_PER_WRITER).boxed().toList(),
                    log.stream().filter(e -> e.streamId().equals(stream)).map(StoredEvent::streamVersion).toList());
        }
        assertEquals(log, listener.heard());
        ChainVerification verification = testSubject.verify();
        assertTrue(verification.ok());
        assertEquals(total, verification.checked());
        assertEquals(OptionalLong.empty(), verification.firstBadPosition());
        assertEquals(new ChainHead(total, log.get(total - 1).hash()), verification.head());
    }

    @Test
    @Timeout(120)
    protected void concurrentWritersToOneStreamGetExactlyOneSuccessPerVersion() throws Exception {
        Map<Long, Integer> winners = new ConcurrentHashMap<>();
        runWriters(writer -> {
            long known = ExpectedVersion.NO_STREAM_VERSION;
            while (known < APPENDS_PER_WRITER - 1) {
                try {
                    StoredEvent stored = testSubject.append(DEFAULT_STREAM, ExpectedVersion.exactly(known),
                            List.of(event())).get(0);
                    assertNull(winners.put(stored.streamVersion(), writer), "two winners of one version");
                    known = stored.streamVersion();
                } catch (WrongExpectedVersionException conflict) {
                    assertTrue(conflict.actual() > known, "a conflict reports a newer version");
                    known = conflict.actual();
                }
            }
            return null;
        });

        List<StoredEvent> log = readAll(testSubject);
        assertEquals(LongStream.range(0, APPENDS_PER_WRITER).boxed().toList(),
                log.stream().map(StoredEvent::streamVersion).toList());
        assertEquals(APPENDS_PER_WRITER, winners.size());
        assertEquals(APPENDS_PER_WRITER - 1, testSubject.streamVersion(DEFAULT_STREAM));
        assertTrue(testSubject.verify().ok());
    }

    @Test
    protected void verifyNamesThePositionOfAChangedPayload() throws Exception {
        for (int i = 1; i <= 5; i++) {
            testSubject.append(DEFAULT_STREAM, ExpectedVersion.any(), List.of(event("Counted", "{\"n\":" + i + "}")));
        }
        assertTrue(testSubject.verify().ok());

        changeStoredPayload(3, "{\"n\":4}");

        ChainVerification verification = testSubject.verify();
        assertFalse(verification.ok());
        assertEquals(OptionalLong.of(3), verification.firstBadPosition());
        assertEquals("{\"n\":4}", testSubject.read(3, 1).get(0).payload());
    }

    /** A new event of a default type, payload and metadata. */
    protected static NewEvent event() {
        return event("Happened", "{\"k\":\"v\"}");
    }

    protected static NewEvent event(String type, String payload) {
        return new NewEvent(UUID.randomUUID(), type, payload, DEFAULT_METADATA);
    }

    protected static List<Long> positions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::position).toList();
    }

    protected static List<StoredEvent> readAll(EventStore store) {
        return store.read(1, Integer.MAX_VALUE);
    }

    /** Runs {@value #WRITERS} writers at once and rethrows the first failure. */
    protected static void runWriters(Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int id = i;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    return writer.write(id);
                }));
            }
            start.countDown();
            for (Future<Void> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One concurrent writer's work. */
    @FunctionalInterface
    protected interface Writer {
        Void write(int writer) throws Exception;
    }

    /** Remembers every event it hears, in the order heard. */
    protected static final class RecordingListener implements CommitListener {

        private final List<StoredEvent> heard = Collections.synchronizedList(new ArrayList<>());

        public RecordingListener() {}

        @Override
        public void afterCommit(List<StoredEvent> events) {
            heard.addAll(events);
        }

        public List<StoredEvent> heard() {
            synchronized (heard) {
                return List.copyOf(heard);
            }
        }
    }
}
