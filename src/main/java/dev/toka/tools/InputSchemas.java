package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Compiles tool input schemas: JSON Schema draft 2020-12 by default, or draft 07 when
 * {@code $schema} names it. A schema must itself be valid against its meta-schema, and may only
 * refer inside itself ({@code $ref} starting with {@code #}): nothing is ever fetched.
 */
@Singleton
public class InputSchemas {

    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Map<String, String> DIALECTS = Map.of(
            "https://json-schema.org/draft/2020-12/schema", SchemaId.V202012,
            "http://json-schema.org/draft-07/schema", SchemaId.V7);

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .build();

    /**
     * Compiles a schema.
     *
     * @throws InvalidManifestException naming the member of {@code inputSchema} at fault
     */
    public InputSchema compile(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw new InvalidManifestException("inputSchema", "must be a JSON schema object");
        }
        refuseOutsideReferences(schema, "inputSchema");
        JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(dialectOf(schema)), config);
        metaSchema.validate(schema).stream()
                .min(Comparator.comparing(InputSchema::pointerOf))
                .ifPresent(error -> {
                    throw new InvalidManifestException("inputSchema" + InputSchema.pointerOf(error),
                            "breaks the meta-schema: " + error.getError());
                });
        try {
            JsonSchema compiled = factory.getSchema(schema, config);
            compiled.initializeValidators();
            return new InputSchema(compiled);
        } catch (RuntimeException e) {
            throw new InvalidManifestException("inputSchema", "does not compile: " + e.getMessage());
        }
    }

    private static String dialectOf(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return SchemaId.V202012;
        }
        String dialect = DIALECTS.get(declared.asText().replaceAll("#$", ""));
        if (dialect == null) {
            throw new InvalidManifestException("inputSchema/$schema", "must name draft 2020-12 or draft-07");
        }
        return dialect;
    }

    private static void refuseOutsideReferences(JsonNode node, String at) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                String where = at + "/" + member.getKey();
                if (REFERENCES.contains(member.getKey())
                        && !(member.getValue().isTextual() && member.getValue().asText().startsWith("#"))) {
                    throw new InvalidManifestException(where, "may only refer inside the schema (start with '#')");
                }
                refuseOutsideReferences(member.getValue(), where);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseOutsideReferences(node.get(i), at + "/" + i);
            }
        }
    }
}
