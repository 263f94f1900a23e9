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
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** {@code fs.read}: a UTF-8 text file of the workspace, up to {@code toka.tools.fs.max-read-bytes}. */
@Singleton
public class FsRead implements Tool {

    private static final String SCHEMA = """
            {"type":"object","required":["path"],"additionalProperties":false,
             "properties":{"path":{"type":"string","minLength":1,"maxLength":1024,
               "description":"File path relative to the workspace"}}}""";

    private final ObjectMapper mapper;
    private final ToolManifest manifest;
    private final long maxBytes;

    public FsRead(ObjectMapper mapper, ToolsConfig config) {
        this.mapper = mapper;
        this.maxBytes = config.fs().maxReadBytes();
        this.manifest = ToolManifest.of("fs.read", "1.0.0", "Reads a UTF-8 text file of the workspace",
                SideEffect.READ_ONLY, Schemas.parse(mapper, SCHEMA))
                .declaring(Set.of(ToolEffect.READS_LOCAL), Provenance.TRUSTED);
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        Path file = context.workspace().resolve(input.get("path").asText(), "/path");
        BasicFileAttributes attributes = FileAttributes.of(file, "/path");
        if (!attributes.isRegularFile()) {
            throw new InvalidToolInputException("/path", "is not a regular file (symbolic links are not followed)");
        }
        if (attributes.size() > maxBytes) {
            throw new ToolFailedException("the file is " + attributes.size() + " bytes; fs.read reads at most "
                    + maxBytes);
        }
        byte[] bytes = readAtMost(file);
        return mapper.createObjectNode()
                .put("path", context.workspace().relativize(file))
                .put("bytes", bytes.length)
                .put("content", new String(bytes, StandardCharsets.UTF_8));
    }

    private byte[] readAtMost(Path file) {
        // The size was checked above, but the file may grow meanwhile: never read more than the cap.
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ToolFailedException("the file grew beyond " + maxBytes + " bytes while being read");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ToolFailedException("the file disappeared while being read");
        } catch (IOException e) {
            throw new ToolFailedException("cannot read the file: " + e.getMessage());
        }
    }
}
