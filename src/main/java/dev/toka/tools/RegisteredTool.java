package dev.toka.tools;

import java.util.Objects;

/**
 * A tool with its compiled input schema, as the registry holds it.
 *
 * @param tool   The tool.
 * @param schema Its compiled {@link ToolManifest#inputSchema()}.
 * @param source Where it came from: {@code built-in}, or the manifest file's name.
 */
public record RegisteredTool(Tool tool, InputSchema schema, String source) {

    public RegisteredTool {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(source, "source");
    }

    /** The tool's manifest. */
    public ToolManifest manifest() {
        return tool.manifest();
    }
}
