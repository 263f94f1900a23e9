package dev.toka.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import dev.toka.store.StoreTelemetry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.store.memory.InMemoryEventStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each event is decoded once per instance: what this instance appended is read back as the very record
 * it appended, and anything else is parsed by its first reader only. An unknown type is an error that
 * names where it is.
 */
class EventCodecTest {

    record ThingHappened(String id, int count) {}

    record OtherThingHappened(String id) {}

    record AmountMoved(String id, long units, java.math.BigDecimal cost) {}

    private final EventRegistry registry = new EventRegistry(List.of(
            EventType.of("ThingHappened", ThingHappened.class),
            EventType.of("OtherThingHappened", OtherThingHappened.class),
            EventType.of("AmountMoved", AmountMoved.class)));
    private final EventCodec testSubject = new EventCodec(new ObjectMapper(), Clock.systemUTC(), registry);
    private final InMemoryEventStore store = new InMemoryEventStore(events -> {}, Clock.systemUTC());
    private final EventLog log = new EventLog(store, testSubject,
            new StoreTelemetry(OpenTelemetry.noop().getTracer("test"), new SimpleMeterRegistry()),
            new InstanceIdentity(Optional.of("test")));

    @Test
    void readsItsOwnAppendAsTheAppendedRecordWithoutParsing() {
        ThingHappened appended = new ThingHappened("t-1", 3);

        StoredEvent stored = log.append("thing-1", ExpectedVersion.any(), appended, EventMetadata.of("admin"));

        assertEquals("ThingHappened", stored.type());
        assertSame(appended, testSubject.decode(store.read(stored.position(), 1).get(0)));
        assertEquals(0, testSubject.parses());
    }

    @Test
    void readsANumberTheStoredFormRewritesAsTheLogHoldsIt() {
        AmountMoved appended = new AmountMoved("m-1", 9_007_199_254_740_993L, new java.math.BigDecimal("1.50"));

        StoredEvent stored = log.append("amount-1", ExpectedVersion.any(), appended, EventMetadata.of("admin"));
        Object live = testSubject.decode(store.read(stored.position(), 1).get(0));

        // What a restart replays: the canonical payload, parsed.
        EventCodec afterRestart = new EventCodec(new ObjectMapper(), Clock.systemUTC(), registry);
        assertEquals(afterRestart.decode(store.read(stored.position(), 1).get(0)), live);
        assertEquals(1, testSubject.parses());
    }

    @Test
    void keepsNoLargeRecordSoTheMemoStaysSmallWhateverEventsHold() {
        ThingHappened large = new ThingHappened("x".repeat(EventCodec.MEMO_MAX_PAYLOAD), 1);

        StoredEvent stored = log.append("thing-1", ExpectedVersion.any(), large, EventMetadata.of("admin"));
        StoredEvent read = store.read(stored.position(), 1).get(0);

        assertEquals(large, testSubject.decode(read));
        assertEquals(large, testSubject.decode(read));
        assertEquals(2, testSubject.parses(), "each reader parses a large event, as before the memo");
    }

    @Test
    void parsesAnotherWritersEventOnceForEveryReader() {
        StoredEvent stored = appendedByAnotherInstance("ThingHappened", "{\"id\":\"t-2\",\"count\":5}");

        Object first = testSubject.decode(stored);
        Object second = testSubject.decode(store.read(stored.position(), 1).get(0));

        assertEquals(new ThingHappened("t-2", 5), first);
        assertSame(first, second);
        assertEquals(1, testSubject.parses());
    }

    @Test
    void decodesOnlyTheAskedFamilyAndLeavesTheRestUnparsed() {
        StoredEvent stored = appendedByAnotherInstance("OtherThingHappened", "{\"id\":\"o-1\"}");

        assertEquals(Optional.empty(), testSubject.decode(stored, ThingHappened.class));
        assertEquals(0, testSubject.parses());
        assertEquals(Optional.of(new OtherThingHappened("o-1")), testSubject.decode(stored, OtherThingHappened.class));
    }

    @Test
    void rejectsAnUnknownStoredTypeNamingItsPositionStreamAndType() {
        appendedByAnotherInstance("ThingHappened", "{\"id\":\"t-3\",\"count\":1}");
        StoredEvent unknown = appendedByAnotherInstance("ThingVanished", "{\"id\":\"t-3\"}");

        UnknownEventTypeException refused = assertThrows(UnknownEventTypeException.class,
                () -> testSubject.decode(unknown, ThingHappened.class));

        assertEquals(unknown.position(), refused.position());
        assertTrue(refused.getMessage().contains("position " + unknown.position()), refused.getMessage());
        assertTrue(refused.getMessage().contains("stream thing-1"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'ThingVanished'"), refused.getMessage());
    }

    @Test
    void rejectsAnUndeclaredRecordOnAppend() {
        record Undeclared(String id) {}

        assertThrows(IllegalArgumentException.class, () -> log.append("thing-1", ExpectedVersion.any(),
                new Undeclared("u"), EventMetadata.of("admin")));
        assertEquals(0, store.headPosition());
    }

    @Test
    void keepsTheLatestEventsWhenTheMemoWrapsAround() {
        StoredEvent first = appendedByAnotherInstance("ThingHappened", "{\"id\":\"t-4\",\"count\":1}");
        Object decoded = testSubject.decode(first);
        // Many times the memo's size: the chance that the first event's slot is never taken is about e^-24.
        for (int i = 0; i < 400_000; i++) {
            testSubject.encode(new OtherThingHappened("o-" + i), EventMetadata.of("admin"));
        }

        Object again = testSubject.decode(first);

        assertEquals(decoded, again);
        assertNotSame(decoded, again, "a bounded memo forgets old events, and the log is read again");
    }

    /** An event stored without this codec, the way another instance's commit reaches this one. */
    private StoredEvent appendedByAnotherInstance(String type, String payload) {
        return store.append("thing-1", ExpectedVersion.any(),
                List.of(new NewEvent(UUID.randomUUID(), type, payload, EventMetadata.of("admin")))).get(0);
    }
}
