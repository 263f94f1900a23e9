package dev.toka.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.mcp.server.FilterContext;
import io.quarkiverse.mcp.server.McpMethod;
import io.quarkiverse.mcp.server.ToolFilter;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The tools Toka serves over MCP, each with the permission a caller needs to see it. A tool the caller's
 * credential does not permit is left out of {@code tools/list}; a call to it still reaches its handler,
 * where the security policy refuses it and audits the refusal.
 */
@Singleton
class McpToolExposure implements ToolFilter {

    /** What serving one tool takes: who may see it, and how it is called. */
    record Exposed(String description, JsonNode inputSchema, String permission,
            Function<ToolManager.ToolArguments, ToolResponse> handler) {

        /** Whether the other serves the same tool to the same callers (handlers are made anew each time). */
        boolean sameAs(Exposed other) {
            return other != null && description.equals(other.description) && inputSchema.equals(other.inputSchema)
                    && permission.equals(other.permission);
        }
    }

    /** Looked up when first used: the MCP server's tool manager itself asks every filter, this one too, when it is made. */
    private final Provider<ToolManager> tools;
    private final McpCallers callers;
    private final ObjectMapper mapper;
    private final Map<String, Exposed> exposed = new ConcurrentHashMap<>();

    McpToolExposure(Provider<ToolManager> tools, McpCallers callers, ObjectMapper mapper) {
        this.tools = tools;
        this.callers = callers;
        this.mapper = mapper;
    }

    /** Serves a tool under {@code name}, or serves it anew when what it takes has changed. */
    synchronized void expose(String name, Exposed tool) {
        Exposed before = exposed.get(name);
        if (tool.sameAs(before)) {
            return;
        }
        if (before != null) {
            tools.get().removeTool(name);
        }
        tools.get().newTool(name)
                .setDescription(tool.description())
                .setInputSchema(mapper.convertValue(tool.inputSchema(), Map.class))
                .setHandler(tool.handler())
                .register();
        exposed.put(name, tool);
    }

    /** Stops serving a tool. */
    synchronized void withdraw(String name) {
        if (exposed.remove(name) != null) {
            tools.get().removeTool(name);
        }
    }

    /** Whether a tool is served under {@code name}. */
    boolean serves(String name) {
        return exposed.containsKey(name);
    }

    @Override
    public boolean test(ToolManager.ToolInfo tool, FilterContext context) {
        if (context.method() != McpMethod.TOOLS_LIST) {
            return true;
        }
        Exposed served = exposed.get(tool.name());
        return served != null && callers.current()
                .map(caller -> caller.principal().holds(served.permission()))
                .orElse(false);
    }
}
