package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool an agent may call. Implementations are CDI beans (the built-ins) or are made from YAML
 * manifests; the {@link ToolRegistry} collects both. Callers never run a tool directly: every call
 * goes through {@link ToolInvoker}, which authorises it, validates the input against
 * {@link ToolManifest#inputSchema()}, makes it idempotent and records it.
 *
 * @since 0.1
 */
public interface Tool {

    /** What the tool is, what it needs, and the schema its input must match. */
    ToolManifest manifest();

    /**
     * Runs the tool on input already validated against the manifest's schema.
     *
     * @param context The scope of the call and its workspace.
     * @param input   The validated input, a JSON object.
     * @return the output, a JSON value
     * @throws InvalidToolInputException when the input breaks a rule the schema cannot express
     *     (a path leaving the workspace, a host off the allow-list)
     * @throws ToolFailedException       when the tool ran and failed
     */
    JsonNode run(ToolContext context, JsonNode input);
}
