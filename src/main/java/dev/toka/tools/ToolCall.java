package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * One request to run a tool.
 *
 * @param toolId The tool.
 * @param input  Its input; {@code null} counts as an empty object.
 * @param scope  Whom the call is for.
 * @param key    The idempotency key, or {@code null} for a call that is never repeated.
 * @param approval The signed approval capability of a call whose tool needs approval, or {@code null}.
 * @since 0.1
 */
public record ToolCall(String toolId, JsonNode input, ToolScope scope, ToolCallKey key, String approval) {

    public ToolCall {
        Objects.requireNonNull(toolId, "toolId");
        Objects.requireNonNull(scope, "scope");
        input = input == null || input.isNull() ? JsonNodeFactory.instance.objectNode() : input;
    }

    /** A call that presents no approval. */
    public ToolCall(String toolId, JsonNode input, ToolScope scope, ToolCallKey key) {
        this(toolId, input, scope, key, null);
    }
}
