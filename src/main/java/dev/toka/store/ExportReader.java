package dev.toka.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Reads an exported log ({@code GET /api/v1/events/export}: one stored event as JSON per line) back
 * into {@link StoredEvent}s, exactly as stored: the offline verifier and the migration from an export
 * read it through here.
 */
public final class ExportReader {

    private final ObjectMapper mapper = new ObjectMapper();
    private final BufferedReader lines;
    private long lineNumber;

    public ExportReader(BufferedReader lines) {
        this.lines = lines;
    }

    /**
     * The next event, skipping blank lines.
     *
     * @return the event, or null at the end of the file
     * @throws IllegalArgumentException naming the line when one is not a stored event
     */
    public StoredEvent next() throws IOException {
        String line;
        do {
            line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        return parse(line);
    }

    private StoredEvent parse(String line) {
        try {
            JsonNode node = mapper.readTree(line);
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
            throw new IllegalArgumentException("line " + lineNumber + " is not a stored event: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
