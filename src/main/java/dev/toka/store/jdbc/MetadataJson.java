package dev.toka.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.store.EventMetadata;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The {@code metadata} column: a JSON object with principal, causationId, correlationId, traceId, spanId and instance; nulls omitted. */
final class MetadataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private MetadataJson() {}

    static String write(EventMetadata metadata) {
        StringWriter text = new StringWriter(96);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("principal", metadata.principal());
            if (metadata.causationId() != null) {
                json.writeStringField("causationId", metadata.causationId());
            }
            if (metadata.correlationId() != null) {
                json.writeStringField("correlationId", metadata.correlationId());
            }
            if (metadata.traceId() != null) {
                json.writeStringField("traceId", metadata.traceId());
            }
            if (metadata.spanId() != null) {
                json.writeStringField("spanId", metadata.spanId());
            }
            if (metadata.instance() != null) {
                json.writeStringField("instance", metadata.instance());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    static EventMetadata read(String text) {
        try {
            JsonNode json = MAPPER.readTree(text);
            return new EventMetadata(
                    json.path("principal").asText(null),
                    json.path("causationId").asText(null),
                    json.path("correlationId").asText(null),
                    json.path("traceId").asText(null),
                    json.path("spanId").asText(null),
                    json.path("instance").asText(null));
        } catch (IOException e) {
            throw new IllegalStateException("stored metadata is not JSON: " + text, e);
        }
    }
}
