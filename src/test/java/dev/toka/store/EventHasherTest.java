package dev.toka.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/** The canonical encoding that the hash chain covers. */
class EventHasherTest {

    private static final UUID EVENT_ID = UUID.fromString("5d0f7c43-5a3e-4f57-bb8c-1f1e1b2f7a11");
    private static final Instant RECORDED_AT = Instant.parse("2026-11-25T08:00:00.123456Z");
    private static final EventMetadata METADATA = EventMetadata.of("admin").causedBy("cause\n\"1\"");
    private static final String PAYLOAD = "{\"a\":1}";
    private static final UUID KNOWN_ID = UUID.fromString("0b7e6f1c-2d3a-4e5f-8a9b-0c1d2e3f4a5b");
    private static final Instant KNOWN_TIME = Instant.parse("2025-03-01T12:00:00.123456Z");
    private static final EventMetadata KNOWN_METADATA = EventMetadata.of("admin").correlatedWith("run-7");

    @Test
    void envelopeIsExactlyTheRfc8785CanonicalFormOfTheEvent() throws Exception {
        String payload = EventHasher.canonicalJson("{\"z\":1,\"a\":\"é\\u0001\",\"n\":1.50}");
        String envelope = EventHasher.canonicalEnvelope(7, "agent-1", 3, EVENT_ID, "TaskScheduled", payload,
                METADATA, RECORDED_AT);
        // The reference canonicaliser must find nothing to change.
        assertEquals(envelope, new JsonCanonicalizer(envelope).getEncodedString());
        assertTrue(envelope.contains("\"payload\":{\"a\":\"é\\u0001\",\"n\":1.5,\"z\":1}"), envelope);
    }

    @Test
    void envelopeStringsThatNeedEscapingAreEscapedAsRfc8785Says() throws Exception {
        EventMetadata awkward = EventMetadata.of("agent \"quoted\"\\ with\nnewline\u0002");
        String envelope = EventHasher.canonicalEnvelope(1, "stream-\t1", 0, EVENT_ID, "T", PAYLOAD, awkward,
                RECORDED_AT);
        assertEquals(envelope, new JsonCanonicalizer(envelope).getEncodedString());
        assertTrue(envelope.contains("\"principal\":\"agent \\\"quoted\\\"\\\\ with\\nnewline\\u0002\""), envelope);
        assertTrue(envelope.contains("\"streamId\":\"stream-\\t1\""), envelope);
    }

    @Test
    void hashIsSha256OfPreviousHashBytesFollowedByTheEnvelope() throws Exception {
        String previous = "ab".repeat(32);
        String hash = EventHasher.hash(previous, 1, "s-1", 0, EVENT_ID, "T", PAYLOAD, METADATA, RECORDED_AT);

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(HexFormat.of().parseHex(previous));
        sha256.update(EventHasher.canonicalEnvelope(1, "s-1", 0, EVENT_ID, "T", PAYLOAD, METADATA, RECORDED_AT)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(sha256.digest()), hash);
    }

    @Test
    void anyChangedFieldChangesTheHash() {
        String base = hash(EventHasher.GENESIS_HASH, 1, PAYLOAD, METADATA, RECORDED_AT);
        assertNotEquals(base, hash(EventHasher.GENESIS_HASH, 1, "{\"a\":2}", METADATA, RECORDED_AT));
        assertNotEquals(base, hash(EventHasher.GENESIS_HASH, 2, PAYLOAD, METADATA, RECORDED_AT));
        assertNotEquals(base, hash(EventHasher.GENESIS_HASH, 1, PAYLOAD, EventMetadata.of("mallory"), RECORDED_AT));
        String traced = hash(EventHasher.GENESIS_HASH, 1, PAYLOAD, METADATA.inSpan("trace-1", "span-1"), RECORDED_AT);
        assertNotEquals(base, traced);
        assertNotEquals(traced, hash(EventHasher.GENESIS_HASH, 1, PAYLOAD, METADATA.inSpan("trace-1", "span-2"),
                RECORDED_AT));
        assertNotEquals(base, hash(EventHasher.GENESIS_HASH, 1, PAYLOAD, METADATA.byInstance("i-1"), RECORDED_AT));
        assertNotEquals(base, hash(EventHasher.GENESIS_HASH, 1, PAYLOAD, METADATA, RECORDED_AT.plusNanos(1000)));
        assertNotEquals(base, hash("11".repeat(32), 1, PAYLOAD, METADATA, RECORDED_AT));
    }

    @Test
    void canonicalJsonSortsMembersAndDropsWhitespace() {
        assertEquals("{\"a\":true,\"b\":[1,2]}", EventHasher.canonicalJson(" { \"b\" : [1, 2], \"a\" : true } "));
    }

    @Test
    void canonicalJsonRejectsNonObjectsAndBrokenJson() {
        assertThrows(IllegalArgumentException.class, () -> EventHasher.canonicalJson("[1]"));
        assertThrows(IllegalArgumentException.class, () -> EventHasher.canonicalJson("{\"a\":"));
    }

    @Test
    void canonicalJsonNormalisesNumbersAndEscapes() {
        assertEquals("{\"a\":[100,1.5,\"\\u000f\"],\"b\":{\"c\":null,\"d\":true}}",
                EventHasher.canonicalJson(" { \"b\": {\"d\": true, \"c\": null}, \"a\": [1e2, 1.50, \"\\u000F\"] } "));
    }

    @Test
    void envelopeHasItsMembersInCanonicalOrderAndOmitsAbsentMetadata() {
        assertEquals("{\"eventId\":\"0b7e6f1c-2d3a-4e5f-8a9b-0c1d2e3f4a5b\","
                        + "\"metadata\":{\"correlationId\":\"run-7\",\"principal\":\"admin\"},"
                        + "\"payload\":{\"a\":\"x\",\"b\":2},\"position\":1,"
                        + "\"recordedAt\":\"2025-03-01T12:00:00.123456Z\",\"streamId\":\"agent-1\","
                        + "\"streamVersion\":0,\"type\":\"AgentSpawned\"}",
                EventHasher.canonicalEnvelope(1, "agent-1", 0, KNOWN_ID, "AgentSpawned",
                        EventHasher.canonicalJson("{\"b\": 2, \"a\": \"x\"}"), KNOWN_METADATA, KNOWN_TIME));
    }

    @Test
    void anInstanceSitsInTheMetadataInCanonicalOrder() {
        String envelope = EventHasher.canonicalEnvelope(1, "agent-1", 0, KNOWN_ID, "AgentSpawned", "{}",
                KNOWN_METADATA.byInstance("i-0a1b2c3d"), KNOWN_TIME);
        assertTrue(envelope.contains("\"metadata\":{\"correlationId\":\"run-7\",\"instance\":\"i-0a1b2c3d\","
                + "\"principal\":\"admin\"}"), envelope);
    }

    @Test
    void hashMatchesAKnownAnswer() {
        // Also obtained with: (head -c 32 /dev/zero; printf '%s' "$envelope") | sha256sum
        assertEquals("6dd762e7602154fb022cfa8f64b2f955b7c79431557ce89b8e9dec2aaf66ffb2",
                EventHasher.hash(EventHasher.GENESIS_HASH, 1, "agent-1", 0, KNOWN_ID, "AgentSpawned",
                        "{\"a\":\"x\",\"b\":2}", KNOWN_METADATA, KNOWN_TIME));
    }

    private static String hash(String previous, long position, String payload, EventMetadata metadata, Instant at) {
        return EventHasher.hash(previous, position, "s-1", 0, EVENT_ID, "T", payload, metadata, at);
    }
}
