package dev.toka.tools;

import java.util.Objects;

/**
 * A tool with its compiled input schema, as the registry holds it.
 *
 * @param tool   The tool.
 * @param schema Its compiled {@link ToolManifest#inputSchema()}.
 */
public record RegisteredTool(Tool tool, InputSchema schema) {

    public RegisteredTool {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(schema, "schema");
    }

    /** The tool's manifest. */
    public ToolManifest manifest() {
        return tool.manifest();
    }
}
