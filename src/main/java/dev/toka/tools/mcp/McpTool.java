package dev.toka.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.toka.tools.Tool;
import dev.toka.tools.ToolContext;
import dev.toka.tools.ToolFailedException;
import dev.toka.tools.ToolManifest;

/**
 * One tool of an external MCP server. The invoker has authorised the call, counted it and checked the
 * input against the server's schema before {@link #run} forwards it; the client's tool timeout bounds it.
 * The output is {@code {"text": ...}}, the text content the server answered.
 */
final class McpTool implements Tool {

    private final ToolManifest manifest;
    private final String serverName;
    private final String toolName;
    private final McpClient client;

    /**
     * @param toolName The tool's name on its server, which the Toka id may spell differently.
     */
    McpTool(ToolManifest manifest, String serverName, String toolName, McpClient client) {
        this.manifest = manifest;
        this.serverName = serverName;
        this.toolName = toolName;
        this.client = client;
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        ToolExecutionResult result;
        try {
            result = client.executeTool(ToolExecutionRequest.builder().name(toolName).arguments(input.toString()).build());
        } catch (RuntimeException e) {
            throw new ToolFailedException("MCP server '" + serverName + "' failed: " + describe(e));
        }
        if (result.isError()) {
            throw new ToolFailedException("MCP server '" + serverName + "' answered an error: " + result.resultText());
        }
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("text", result.resultText());
        return output;
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
