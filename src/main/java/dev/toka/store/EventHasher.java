package dev.toka.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The one definition of what an event's hash covers (documented in {@code docs/event-log.md}).
 *
 * <p>{@code hash = SHA-256(bytes(previousHash) || UTF-8(canonical envelope))}, where the envelope
 * is the RFC 8785 (JCS) canonical JSON object with the members {@code eventId, metadata, payload,
 * position, recordedAt, streamId, streamVersion, type}. The envelope is assembled directly in
 * canonical member order, so only the payload, which callers supply, goes through the canonicalizer.
 */
public final class EventHasher {

    /** The previous hash of the first event in the log. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();
    // One digest per thread: looking the algorithm up for every event showed in the appender's profile.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EventHasher::sha256);

    private EventHasher() {}

    /**
     * The RFC 8785 canonical form of a JSON text.
     *
     * @throws IllegalArgumentException when the text is not JSON or not an object
     */
    public static String canonicalJson(String json) {
        String trimmed = json.strip();
        if (!trimmed.startsWith("{")) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
        try {
            return new JsonCanonicalizer(trimmed).getEncodedString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("payload is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The hash of an event whose payload is already canonical. */
    public static String hash(
            String previousHash,
            long position,
            String streamId,
            long streamVersion,
            UUID eventId,
            String type,
            String canonicalPayload,
            EventMetadata metadata,
            Instant recordedAt) {
        String envelope = canonicalEnvelope(
                position, streamId, streamVersion, eventId, type, canonicalPayload, metadata, recordedAt);
        MessageDigest sha256 = SHA256.get();
        sha256.update(HEX.parseHex(previousHash));
        return HEX.formatHex(sha256.digest(envelope.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash an already stored event should have, recomputed from its content. */
    public static String expectedHash(StoredEvent event) {
        return hash(
                event.previousHash(),
                event.position(),
                event.streamId(),
                event.streamVersion(),
                event.eventId(),
                event.type(),
                event.payload(),
                event.metadata(),
                event.recordedAt());
    }

    /** The canonical envelope text that the hash covers; public so that tests and tools can show it. */
    public static String canonicalEnvelope(
            long position,
            String streamId,
            long streamVersion,
            UUID eventId,
            String type,
            String canonicalPayload,
            EventMetadata metadata,
            Instant recordedAt) {
        StringBuilder json = new StringBuilder(canonicalPayload.length() + 320);
        json.append("{\"eventId\":");
        appendString(json, eventId.toString());
        json.append(",\"metadata\":");
        appendMetadata(json, metadata);
        json.append(",\"payload\":").append(canonicalPayload);
        json.append(",\"position\":").append(position);
        json.append(",\"recordedAt\":");
        appendString(json, DateTimeFormatter.ISO_INSTANT.format(recordedAt));
        json.append(",\"streamId\":");
        appendString(json, streamId);
        json.append(",\"streamVersion\":").append(streamVersion);
        json.append(",\"type\":");
        appendString(json, type);
        return json.append('}').toString();
    }

    /** Metadata members in canonical (sorted) order; absent values are omitted. */
    private static void appendMetadata(StringBuilder json, EventMetadata metadata) {
        json.append('{');
        boolean first = true;
        if (metadata.causationId() != null) {
            json.append("\"causationId\":");
            appendString(json, metadata.causationId());
            first = false;
        }
        if (metadata.correlationId() != null) {
            json.append(first ? "" : ",").append("\"correlationId\":");
            appendString(json, metadata.correlationId());
            first = false;
        }
        if (metadata.instance() != null) {
            json.append(first ? "" : ",").append("\"instance\":");
            appendString(json, metadata.instance());
            first = false;
        }
        json.append(first ? "" : ",").append("\"principal\":");
        appendString(json, metadata.principal());
        if (metadata.spanId() != null) {
            json.append(",\"spanId\":");
            appendString(json, metadata.spanId());
        }
        if (metadata.traceId() != null) {
            json.append(",\"traceId\":");
            appendString(json, metadata.traceId());
        }
        json.append('}');
    }

    /** RFC 8785 §3.2.2.2 string serialisation (the ECMAScript JSON.stringify rules). */
    private static void appendString(StringBuilder json, String value) {
        json.append('"');
        // Ids, names and timestamps need no escaping: one bulk append instead of one per character.
        if (!needsEscaping(value)) {
            json.append(value).append('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
