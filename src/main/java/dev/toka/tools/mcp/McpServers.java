package dev.toka.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.toka.tools.InputSchemas;
import dev.toka.tools.InvalidManifestException;
import dev.toka.tools.ManifestError;
import dev.toka.tools.RegisteredTool;
import dev.toka.tools.SideEffect;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolRegistry;
import dev.toka.tools.ToolsConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connects the configured MCP servers at start and registers their tools as {@code mcp.<server>.<tool>},
 * each needing {@code tool:mcp.<server>.<tool>} ({@code tool:mcp.<server>.*} grants a server's all). A
 * server that cannot be reached, or whose configuration is refused, is logged and left out; it never
 * stops the service or the other servers. The clients are closed, and stdio servers ended, at shutdown.
 */
@Singleton
class McpServers {

    /** Where the input schema goes when a server declares none: any object. */
    private static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");

    private final ToolsConfig config;
    private final McpConnections connections;
    private final ToolRegistry registry;
    private final InputSchemas schemas;
    private final ObjectMapper mapper;
    private final List<McpClient> clients = new ArrayList<>();

    McpServers(ToolsConfig config, McpConnections connections, ToolRegistry registry, InputSchemas schemas,
            ObjectMapper mapper) {
        this.config = config;
        this.connections = connections;
        this.registry = registry;
        this.schemas = schemas;
        this.mapper = mapper;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        List<RegisteredTool> tools = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        new TreeMap<>(config.mcp().servers()).forEach((name, server) -> {
            try {
                McpClient client = connections.open(name, server);
                clients.add(client);
                tools.addAll(toolsOf(name, client, errors));
            } catch (InvalidManifestException e) {
                Log.errorf("MCP server %s left out: %s %s", name, e.field(), e.rule());
                errors.add(new ManifestError("mcp:" + name, e.field(), e.rule()));
            } catch (RuntimeException e) {
                Log.errorf("MCP server %s left out: cannot connect: %s", name, e.getMessage());
                errors.add(new ManifestError("mcp:" + name, "connection", String.valueOf(e.getMessage())));
            }
        });
        registry.replaceMcpTools(tools, errors);
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        for (McpClient client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                Log.warnf("closing MCP server %s: %s", client.key(), e.getMessage());
            }
        }
        clients.clear();
    }

    private List<RegisteredTool> toolsOf(String server, McpClient client, List<ManifestError> errors) {
        List<RegisteredTool> tools = new ArrayList<>();
        for (ToolSpecification spec : client.listTools()) {
            try {
                ToolManifest manifest = manifestOf(server, spec);
                tools.add(new RegisteredTool(new McpTool(manifest, server, spec.name(), client),
                        schemas.compile(manifest.inputSchema())));
            } catch (InvalidManifestException e) {
                Log.warnf("MCP tool %s of server %s left out: %s %s", spec.name(), server, e.field(), e.rule());
                errors.add(new ManifestError("mcp:" + server + "/" + spec.name(), e.field(), e.rule()));
            }
        }
        Log.infof("MCP server %s: %d tools", server, tools.size());
        return tools;
    }

    /** The Toka manifest of a server's tool; its name must already fit a tool id, since renaming could collide. */
    private ToolManifest manifestOf(String server, ToolSpecification spec) {
        String description = spec.description() == null || spec.description().isBlank()
                ? "Tool " + spec.name() + " of MCP server " + server
                : spec.description();
        JsonNode schema = mapper.valueToTree(spec.parameters() == null
                ? ANY_OBJECT
                : JsonSchemaElementUtils.toMap(spec.parameters()));
        return ToolManifest.of(McpToolIds.of(server, spec.name()), "mcp", description, sideEffectOf(spec), schema);
    }

    /** A tool the server declares read-only is re-run on repeats; any other may act on the world, and is replayed. */
    private static SideEffect sideEffectOf(ToolSpecification spec) {
        Object readOnly = spec.metadata() == null ? null : spec.metadata().get(McpToolMetadataKeys.READ_ONLY_HINT);
        return Boolean.TRUE.equals(readOnly) ? SideEffect.READ_ONLY : SideEffect.EXTERNAL;
    }
}
