package dev.toka.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The export line / Kafka record form of an event reads back as the same event, whose hash still verifies. */
class StoredEventJsonTest {

    private final StoredEventJson json = new StoredEventJson();

    @Test
    void anEventReadsBackUnchangedWithItsHash() {
        EventMetadata metadata = EventMetadata.of("admin").causedBy("request-1");
        String payload = EventHasher.canonicalJson("{\"n\":9007199254740993,\"name\":\"é \\u0000\",\"x\":1.5}");
        Instant at = Instant.parse("2026-12-06T05:00:00.123456Z");
        UUID id = UUID.randomUUID();
        String hash = EventHasher.hash(EventHasher.GENESIS_HASH, 1, "agent-1", 0, id, "AgentSpawned", payload, metadata, at);
        StoredEvent event = new StoredEvent(1, "agent-1", 0, id, "AgentSpawned", payload, metadata, at,
                EventHasher.GENESIS_HASH, hash);

        StoredEvent read = json.read(json.write(event));

        assertEquals(event, read);
        assertEquals(hash, EventHasher.expectedHash(read));
    }

    @Test
    void textThatIsNotAStoredEventIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> json.read("{\"position\":1}"));
        assertThrows(IllegalArgumentException.class, () -> json.read("not json"));
    }
}
