package dev.toka.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.security.Provenance;
import dev.toka.security.ToolEffect;
import dev.toka.tools.InvalidToolInputException;
import dev.toka.tools.SideEffect;
import dev.toka.tools.Tool;
import dev.toka.tools.ToolContext;
import dev.toka.tools.ToolFailedException;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolsConfig;
import dev.toka.tools.Workspace;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * {@code fs.write}: replaces a workspace file with UTF-8 text, atomically (a temporary file in the
 * same directory, then a rename, which replaces a symbolic link rather than writing through it).
 */
@Singleton
public class FsWrite implements Tool {

    private static final String SCHEMA = """
            {"type":"object","required":["path","content"],"additionalProperties":false,
             "properties":{"path":{"type":"string","minLength":1,"maxLength":1024,
               "description":"File path relative to the workspace; missing directories are made"},
              "content":{"type":"string","description":"The whole new content, UTF-8 text"}}}""";

    private final ObjectMapper mapper;
    private final ToolManifest manifest;
    private final long maxBytes;

    public FsWrite(ObjectMapper mapper, ToolsConfig config) {
        this.mapper = mapper;
        this.maxBytes = config.fs().maxWriteBytes();
        this.manifest = ToolManifest.of("fs.write", "1.0.0", "Writes a UTF-8 text file of the workspace, atomically",
                SideEffect.IDEMPOTENT, Schemas.parse(mapper, SCHEMA))
                .declaring(Set.of(ToolEffect.WRITES_LOCAL), Provenance.TRUSTED);
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        byte[] content = input.get("content").asText().getBytes(StandardCharsets.UTF_8);
        if (content.length > maxBytes) {
            throw new InvalidToolInputException("/content", "is " + content.length + " bytes; fs.write writes at most "
                    + maxBytes);
        }
        Workspace workspace = context.workspace();
        Path file = workspace.resolve(input.get("path").asText(), "/path");
        if (FileAttributes.find(file).map(BasicFileAttributes::isDirectory).orElse(false)) {
            throw new InvalidToolInputException("/path", "is a directory");
        }
        Path directory = makeParent(workspace, file);
        replace(directory, file, content);
        return mapper.createObjectNode().put("path", workspace.relativize(file)).put("bytes", content.length);
    }

    private static Path makeParent(Workspace workspace, Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new ToolFailedException("cannot make the directory: " + e.getMessage());
        }
        // Re-check after creating: a link planted meanwhile must not carry the write outside.
        workspace.resolve(workspace.relativize(file.getParent()), "/path");
        return file.getParent();
    }

    private static void replace(Path directory, Path file, byte[] content) {
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, ".fs-write-", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ToolFailedException("cannot write the file: " + e.getMessage());
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // The rename consumed it, or the directory is gone; nothing more to do.
        }
    }
}
