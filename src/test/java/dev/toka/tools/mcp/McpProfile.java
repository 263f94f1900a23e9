package dev.toka.tools.mcp;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The MCP tests' one profile: the agent runtime on, a real stdio MCP server ({@code local}, the Python
 * script under {@code src/test/resources/mcp}, run inside bubblewrap) and a Streamable HTTP server on a
 * host that is not allowed ({@code far}).
 */
public class McpProfile implements QuarkusTestProfile {

    /** {@code toka.tools.mcp.directory}: each stdio server works in {@code <directory>/<name>}. */
    static final Path DIRECTORY = Path.of("target/test-mcp");

    @Override
    public Map<String, String> getConfigOverrides() {
        placeServerScript();
        return Map.ofEntries(
                Map.entry("toka.agent.enabled", "true"),
                Map.entry("toka.agent.max-concurrent-agents", "8"),
                Map.entry("toka.agent.retry.max-retries", "0"),
                Map.entry("toka.tools.mcp.directory", DIRECTORY.toString()),
                Map.entry("toka.tools.mcp.allowed-hosts", "127.0.0.1"),
                Map.entry("toka.tools.mcp.servers.local.command", "/usr/bin/python3,/workspace/stdio_server.py"),
                Map.entry("toka.tools.mcp.servers.local.timeout", "PT5S"),
                Map.entry("toka.tools.mcp.servers.far.url", "http://far.example/mcp"));
    }

    /** The sandbox shows a stdio server only its own directory, so its program is put there before the service starts. */
    private static void placeServerScript() {
        try (InputStream script = McpProfile.class.getResourceAsStream("/mcp/stdio_server.py")) {
            Path directory = Files.createDirectories(DIRECTORY.resolve("local"));
            Files.copy(script, directory.resolve("stdio_server.py"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
