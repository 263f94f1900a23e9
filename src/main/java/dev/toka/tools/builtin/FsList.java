package dev.toka.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code fs.list}: the entries of a workspace directory, sorted by name, up to {@code toka.tools.fs.max-list-entries}. */
@Singleton
public class FsList implements Tool {

    private static final String SCHEMA = """
            {"type":"object","additionalProperties":false,
             "properties":{"path":{"type":"string","maxLength":1024,
               "description":"Directory relative to the workspace; default the workspace itself"}}}""";

    private final ObjectMapper mapper;
    private final ToolManifest manifest;
    private final int maxEntries;

    public FsList(ObjectMapper mapper, ToolsConfig config) {
        this.mapper = mapper;
        this.maxEntries = config.fs().maxListEntries();
        this.manifest = ToolManifest.of("fs.list", "1.0.0", "Lists a directory of the workspace",
                SideEffect.READ_ONLY, Schemas.parse(mapper, SCHEMA))
                .declaring(Set.of(ToolEffect.READS_LOCAL), Provenance.TRUSTED);
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        Path directory = context.workspace().resolve(input.path("path").asText("."), "/path");
        if (!FileAttributes.of(directory, "/path").isDirectory()) {
            throw new InvalidToolInputException("/path", "is not a directory (symbolic links are not followed)");
        }
        List<Path> names = namesIn(directory);
        ArrayNode entries = mapper.createArrayNode();
        names.stream().limit(maxEntries).forEach(entry -> FileAttributes.find(entry)
                .ifPresent(attributes -> entries.addObject()
                        .put("name", entry.getFileName().toString())
                        .put("type", typeOf(attributes))
                        .put("size", attributes.size())));
        return mapper.createObjectNode()
                .put("path", context.workspace().relativize(directory))
                .put("truncated", names.size() > maxEntries)
                .set("entries", entries);
    }

    private static List<Path> namesIn(Path directory) {
        List<Path> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(names::add);
        } catch (IOException e) {
            throw new ToolFailedException("cannot list the directory: " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    private static String typeOf(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symlink";
        }
        if (attributes.isDirectory()) {
            return "directory";
        }
        return attributes.isRegularFile() ? "file" : "other";
    }
}
