package dev.toka.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored event as one JSON object, the shape of an export line ({@code GET /api/v1/events/export}): what the
 * offline verifier reads and what the Kafka bus carries. Reading it back gives the event whose hash
 * {@link EventHasher#expectedHash} recomputes, so a reader can check what it was handed.
 */
public final class StoredEventJson {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The event as one line of JSON (no line break); the payload is embedded as the JSON object it is. */
    public String write(StoredEvent event) {
        try {
            ObjectNode node = mapper.createObjectNode();
            node.put("position", event.position());
            node.put("streamId", event.streamId());
            node.put("streamVersion", event.streamVersion());
            node.put("eventId", event.eventId().toString());
            node.put("type", event.type());
            node.putRawValue("payload", new RawValue(event.payload())); // canonical already: copied as is
            ObjectNode metadata = node.putObject("metadata");
            metadata.put("principal", event.metadata().principal());
            putIfPresent(metadata, "causationId", event.metadata().causationId());
            putIfPresent(metadata, "correlationId", event.metadata().correlationId());
            putIfPresent(metadata, "traceId", event.metadata().traceId());
            putIfPresent(metadata, "spanId", event.metadata().spanId());
            putIfPresent(metadata, "instance", event.metadata().instance());
            node.put("recordedAt", event.recordedAt().toString());
            node.put("previousHash", event.previousHash());
            node.put("hash", event.hash());
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException("stored payloads are JSON", e);
        }
    }

    /**
     * The event one JSON object describes.
     *
     * @throws IllegalArgumentException when the text is not a stored event
     */
    public StoredEvent read(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            JsonNode metadata = node.required("metadata");
            return new StoredEvent(
                    node.required("position").asLong(),
                    node.required("streamId").asText(),
                    node.required("streamVersion").asLong(),
                    UUID.fromString(node.required("eventId").asText()),
                    node.required("type").asText(),
                    EventHasher.canonicalJson(mapper.writeValueAsString(node.required("payload"))),
                    new EventMetadata(metadata.required("principal").asText(), text(metadata, "causationId"),
                            text(metadata, "correlationId"), text(metadata, "traceId"),
                            text(metadata, "spanId"), text(metadata, "instance")),
                    Instant.parse(node.required("recordedAt").asText()),
                    node.required("previousHash").asText(),
                    node.required("hash").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
