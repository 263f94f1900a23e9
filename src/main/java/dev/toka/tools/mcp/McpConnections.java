package dev.toka.tools.mcp;

import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.toka.tools.HostAllowList;
import dev.toka.tools.InvalidManifestException;
import dev.toka.tools.ToolsConfig;
import dev.toka.tools.sandbox.ProcessSandbox;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Opens the LangChain4j MCP client of one configured server: a stdio server is started through the
 * process sandbox (the same namespaces, mounts and limits as {@code process.exec}, for the server's
 * whole life), a Streamable HTTP server is reached only when its host is on the allow-list.
 */
@Singleton
class McpConnections {

    /** Server names: short, and safe inside a tool id and a permission. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final ToolsConfig config;
    private final ProcessSandbox sandbox;
    private final HostAllowList allowList;

    McpConnections(ToolsConfig config, ProcessSandbox sandbox) {
        this.config = config;
        this.sandbox = sandbox;
        this.allowList = new HostAllowList(config.mcp().allowedHosts().orElse(List.of()),
                "toka.tools.mcp.allowed-hosts");
    }

    /**
     * A connected client; its tools are listed by the caller.
     *
     * @throws InvalidManifestException naming the field, when the server's configuration is refused
     */
    McpClient open(String name, ToolsConfig.McpServer server) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidManifestException("name", "must be 1-32 of a-z, 0-9, '_', '-', starting with a letter or digit");
        }
        if (server.command().isPresent() == server.url().isPresent()) {
            throw new InvalidManifestException("command/url", "exactly one of them must be set");
        }
        McpTransport transport = server.command().isPresent()
                ? stdio(name, server)
                : streamableHttp(server.url().get(), server);
        return DefaultMcpClient.builder()
                .key(name)
                .clientName("toka")
                .transport(transport)
                .initializationTimeout(server.startTimeout())
                .toolExecutionTimeout(server.timeout())
                .toolExecutionTimeoutErrorMessage("no answer within " + server.timeout())
                .build();
    }

    private McpTransport stdio(String name, ToolsConfig.McpServer server) {
        List<String> argv = server.command().get();
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new InvalidManifestException("command", "must name a program");
        }
        Path directory = Path.of(config.mcp().directory(), name).toAbsolutePath();
        try {
            Files.createDirectories(directory);
            directory = directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the MCP server directory " + directory, e);
        }
        List<String> commandLine = sandbox.longLivedCommandLine(argv, directory,
                server.env().orElse(config.exec().allowedEnv()), server.network());
        return new StdioMcpTransport.Builder().command(commandLine).logEvents(false).build();
    }

    private McpTransport streamableHttp(String url, ToolsConfig.McpServer server) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidManifestException("url", "is not a URI: " + e.getReason());
        }
        allowList.problemWith(uri).ifPresent(problem -> {
            throw new InvalidManifestException("url", problem);
        });
        return new StreamableHttpMcpTransport.Builder().url(url).customHeaders(server.headers())
                .timeout(server.timeout()).build();
    }
}
