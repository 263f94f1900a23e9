package dev.toka.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Verifies an exported log (one stored event as JSON per line) without a running service or a
 * database: the same {@link ChainVerifier} the stores use, fed from a file.
 */
public final class JsonLinesVerifier {

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * Reads every line and checks the chain.
     *
     * @throws IllegalArgumentException naming the line when one is not a stored event
     */
    public ChainVerification verify(BufferedReader lines) throws IOException {
        ChainVerifier verifier = new ChainVerifier();
        String line;
        long lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (!verifier.accept(parse(line, lineNumber))) {
                break;
            }
        }
        return verifier.result();
    }

    private StoredEvent parse(String line, long lineNumber) {
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
                            text(metadata, "spanId")),
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
