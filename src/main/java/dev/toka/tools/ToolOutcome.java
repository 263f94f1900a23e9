package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * How a tool call ended.
 *
 * @since 0.1
 */
public sealed interface ToolOutcome {

    /**
     * The tool ran and returned output.
     *
     * @param output         What it returned.
     * @param replayed       Whether this is the recorded result of an earlier call with the same key.
     * @param durationMillis How long the call took when it ran.
     */
    record Completed(JsonNode output, boolean replayed, long durationMillis) implements ToolOutcome {
        public Completed {
            Objects.requireNonNull(output, "output");
        }
    }

    /**
     * The tool ran and failed.
     *
     * @param reason Why, in words.
     */
    record Failed(String reason) implements ToolOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
