package dev.toka.tools.mcp;

import dev.toka.tools.InvalidManifestException;
import java.util.regex.Pattern;

/** The Toka ids of MCP tools: {@code mcp.<server>.<tool>}. */
public final class McpToolIds {

    /** Every MCP tool's id starts so; no other tool may take it. */
    public static final String PREFIX = "mcp.";

    /** A tool name that fits a Toka id as it is. */
    private static final Pattern TOOL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private McpToolIds() {}

    /**
     * The id of a server's tool.
     *
     * @throws InvalidManifestException when the tool's name does not fit (upper case, dots, other characters)
     */
    static String of(String server, String tool) {
        if (!TOOL_NAME.matcher(tool).matches()) {
            throw new InvalidManifestException("name", "must be of a-z, 0-9, '_', '-' to become a Toka tool id");
        }
        return PREFIX + server + "." + tool;
    }
}
