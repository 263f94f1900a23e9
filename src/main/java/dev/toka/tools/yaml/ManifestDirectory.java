package dev.toka.tools.yaml;

import dev.toka.tools.InvalidManifestException;
import dev.toka.tools.ManifestError;
import dev.toka.tools.RegisteredTool;
import dev.toka.tools.ToolRegistry;
import dev.toka.tools.ToolsConfig;
import dev.toka.tools.mcp.McpToolIds;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Keeps the registry's manifest tools in step with the manifest directory: loads it at start, then
 * rescans on a schedule and reloads when any file's name or content changed. A bad file is logged
 * and skipped; it never stops the service or the other files.
 */
@Singleton
class ManifestDirectory {

    /** Manifests are small; a bigger file is a mistake, not a tool. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private final Path directory;
    private final ManifestReader reader;
    private final ToolRegistry registry;
    private byte[] lastFingerprint;

    ManifestDirectory(ToolsConfig config, ManifestReader reader, ToolRegistry registry) {
        this.directory = Path.of(config.manifestDir());
        this.reader = reader;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        rescan();
    }

    /** Reloads when the directory's files changed since the last scan. */
    @Scheduled(every = "${toka.tools.manifest-scan-interval:PT2S}", delayed = "${toka.tools.manifest-scan-interval:PT2S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void rescan() {
        Map<String, byte[]> files = readFiles();
        byte[] fingerprint = fingerprintOf(files);
        if (!MessageDigest.isEqual(fingerprint, lastFingerprint)) {
            lastFingerprint = fingerprint;
            load(files);
        }
    }

    private void load(Map<String, byte[]> files) {
        List<RegisteredTool> tools = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        Map<String, String> fileOfId = new HashMap<>();
        files.forEach((file, bytes) -> {
            try {
                RegisteredTool tool = readOne(bytes);
                String id = tool.manifest().id();
                if (registry.isBuiltIn(id)) {
                    throw new InvalidManifestException("id", "'" + id + "' is a built-in tool");
                }
                if (id.startsWith(McpToolIds.PREFIX)) {
                    throw new InvalidManifestException("id", "'" + McpToolIds.PREFIX + "' names the tools of MCP servers");
                }
                String earlier = fileOfId.putIfAbsent(id, file);
                if (earlier != null) {
                    throw new InvalidManifestException("id", "'" + id + "' is already declared by " + earlier);
                }
                tools.add(tool);
            } catch (InvalidManifestException e) {
                Log.warnf("tool manifest %s skipped: %s %s", file, e.field(), e.rule());
                errors.add(new ManifestError(file, e.field(), e.rule()));
            }
        });
        registry.replaceManifestTools(tools, errors);
    }

    private RegisteredTool readOne(byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidManifestException("(document)", "is " + bytes.length + " bytes; at most "
                    + MAX_FILE_BYTES);
        }
        return reader.read(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The manifest files by name, in name order; none when the directory does not exist. */
    private Map<String, byte[]> readFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.filter(ManifestDirectory::isManifest).toList()) {
                files.put(entry.getFileName().toString(), readCapped(entry));
            }
        } catch (IOException e) {
            Log.warnf("cannot read the tool manifest directory %s: %s", directory, e.getMessage());
        }
        return files;
    }

    private static boolean isManifest(Path entry) {
        String name = entry.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(entry);
    }

    private static byte[] readCapped(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_FILE_BYTES + 1);
        }
    }

    private static byte[] fingerprintOf(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
                digest.update((byte) 0);
            });
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
