package dev.toka.tools.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the built-ins' input schemas, which are constants and so cannot be malformed at run time. */
final class Schemas {

    private Schemas() {}

    static JsonNode parse(ObjectMapper mapper, String schema) {
        try {
            return mapper.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a built-in schema is not JSON", e);
        }
    }
}
