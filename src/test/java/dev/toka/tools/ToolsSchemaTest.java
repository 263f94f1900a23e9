package dev.toka.tools;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Input schemas compile, refuse outside references, and name the offending member. Plain JUnit: no service needed. */
class ToolsSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCHEMA = """
            {"type":"object","required":["path"],"additionalProperties":false,
             "properties":{"path":{"type":"string","minLength":1},"count":{"type":"integer","minimum":0},
               "tags":{"type":"array","items":{"type":"string"}}}}""";

    private final InputSchemas testSubject = new InputSchemas();

    @Test
    void namesTheMissingRequiredMember() {
        InvalidToolInputException error = assertThrows(InvalidToolInputException.class,
                () -> compile(SCHEMA).validate(json("{}")));
        assertEquals("/path", error.field());
    }

    @Test
    void namesTheMemberOfTheWrongType() {
        InvalidToolInputException error = assertThrows(InvalidToolInputException.class,
                () -> compile(SCHEMA).validate(json("{\"path\":\"a\",\"count\":\"three\"}")));
        assertEquals("/count", error.field());
        assertTrue(error.getMessage().contains("integer"), error.getMessage());
    }

    @Test
    void namesANestedMemberAsAJsonPointer() {
        InvalidToolInputException error = assertThrows(InvalidToolInputException.class,
                () -> compile(SCHEMA).validate(json("{\"path\":\"a\",\"tags\":[\"x\",7]}")));
        assertEquals("/tags/1", error.field());
    }

    @Test
    void namesAnUnexpectedMember() {
        InvalidToolInputException error = assertThrows(InvalidToolInputException.class,
                () -> compile(SCHEMA).validate(json("{\"path\":\"a\",\"extra\":1}")));
        assertEquals("/extra", error.field());
    }

    @Test
    void acceptsValidInput() {
        assertDoesNotThrow(() -> compile(SCHEMA).validate(json("{\"path\":\"a\",\"count\":2,\"tags\":[\"x\"]}")));
    }

    @Test
    void compilesDraft07WhenTheSchemaNamesIt() {
        InputSchema schema = compile("""
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["n"],
                 "properties":{"n":{"type":"number","exclusiveMinimum":0}}}""");
        assertEquals("/n", assertThrows(InvalidToolInputException.class,
                () -> schema.validate(json("{\"n\":0}"))).field());
    }

    @Test
    void followsReferencesInsideTheSchema() {
        InputSchema schema = compile("""
                {"type":"object","properties":{"a":{"$ref":"#/$defs/name"}},"$defs":{"name":{"type":"string"}}}""");
        assertEquals("/a", assertThrows(InvalidToolInputException.class,
                () -> schema.validate(json("{\"a\":1}"))).field());
    }

    @Test
    void rejectsARemoteReference() {
        InvalidManifestException error = assertThrows(InvalidManifestException.class, () -> compile("""
                {"type":"object","properties":{"a":{"$ref":"https://example.org/schema.json"}}}"""));
        assertEquals("inputSchema/properties/a/$ref", error.field());
    }

    @Test
    void rejectsASchemaThatBreaksTheMetaSchema() {
        InvalidManifestException error = assertThrows(InvalidManifestException.class,
                () -> compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":5}}}"));
        assertTrue(error.field().startsWith("inputSchema/properties/a"), error.field());
    }

    @Test
    void rejectsAnUnknownDialect() {
        InvalidManifestException error = assertThrows(InvalidManifestException.class,
                () -> compile("{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\"}"));
        assertEquals("inputSchema/$schema", error.field());
    }

    private InputSchema compile(String schema) {
        return testSubject.compile(json(schema));
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
