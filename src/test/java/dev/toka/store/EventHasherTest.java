package dev.toka.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins the encoding the hash covers, as {@code docs/event-log.md} documents it. */
class EventHasherTest {

    private static final UUID DEFAULT_ID = UUID.fromString("0b7e6f1c-2d3a-4e5f-8a9b-0c1d2e3f4a5b");
    private static final Instant DEFAULT_TIME = Instant.parse("2025-03-01T12:00:00.123456Z");
    private static final EventMetadata DEFAULT_METADATA = new EventMetadata("admin", null, "run-7");

    @Test
    void canonicalJsonSortsMembersDropsWhitespaceAndNormalisesNumbers() {
        assertEquals("{\"a\":[100,1.5,\"\\u000f\"],\"b\":{\"c\":null,\"d\":true}}",
                EventHasher.canonicalJson(" { \"b\": {\"d\": true, \"c\": null}, \"a\": [1e2, 1.50, \"\\u000F\"] } "));
    }

    @Test
    void canonicalJsonRejectsTextThatIsNotAJsonObjectError() {
        assertThrows(IllegalArgumentException.class, () -> EventHasher.canonicalJson("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> EventHasher.canonicalJson("{\"a\":"));
    }

    @Test
    void envelopeHasItsMembersInCanonicalOrderAndOmitsAbsentMetadata() {
        assertEquals("{\"eventId\":\"0b7e6f1c-2d3a-4e5f-8a9b-0c1d2e3f4a5b\","
                        + "\"metadata\":{\"correlationId\":\"run-7\",\"principal\":\"admin\"},"
                        + "\"payload\":{\"a\":\"x\",\"b\":2},\"position\":1,"
                        + "\"recordedAt\":\"2025-03-01T12:00:00.123456Z\",\"streamId\":\"agent-1\","
                        + "\"streamVersion\":0,\"type\":\"AgentSpawned\"}",
                EventHasher.canonicalEnvelope(1, "agent-1", 0, DEFAULT_ID, "AgentSpawned",
                        EventHasher.canonicalJson("{\"b\": 2, \"a\": \"x\"}"), DEFAULT_METADATA, DEFAULT_TIME));
    }

    @Test
    void hashIsSha256OfThePreviousHashBytesAndTheEnvelope() {
        // Also obtained with: (head -c 32 /dev/zero; printf '%s' "$envelope") | sha256sum
        assertEquals("6dd762e7602154fb022cfa8f64b2f955b7c79431557ce89b8e9dec2aaf66ffb2", defaultHash(DEFAULT_METADATA));
    }

    @Test
    void hashChangesWithTheMetadata() {
        assertNotEquals(defaultHash(DEFAULT_METADATA), defaultHash(EventMetadata.of("admin")));
    }

    private static String defaultHash(EventMetadata metadata) {
        return EventHasher.hash(EventHasher.GENESIS_HASH, 1, "agent-1", 0, DEFAULT_ID, "AgentSpawned",
                "{\"a\":\"x\",\"b\":2}", metadata, DEFAULT_TIME);
    }
}
