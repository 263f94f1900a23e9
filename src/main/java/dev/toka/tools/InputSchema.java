package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.Set;

/** A tool's compiled input schema; {@link #validate} names the first offending member as a JSON pointer. */
public final class InputSchema {

    /** Errors reported on the object that name the offending member in {@code property}. */
    private static final Set<String> ABOUT_A_MEMBER = Set.of("required", "additionalProperties",
            "unevaluatedProperties", "dependentRequired", "dependencies");

    private final JsonSchema schema;

    InputSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * Checks input against the schema.
     *
     * @throws InvalidToolInputException naming the first offending member
     */
    public void validate(JsonNode input) {
        schema.validate(input).stream()
                .min(Comparator.comparing(InputSchema::pointerOf))
                .ifPresent(error -> {
                    throw new InvalidToolInputException(pointerOf(error), error.getError());
                });
    }

    /** Where in the validated document a message points, as a JSON pointer. */
    static String pointerOf(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        if (message.getProperty() != null && ABOUT_A_MEMBER.contains(message.getType())) {
            return location + "/" + message.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return location;
    }
}
