package dev.toka.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.orchestration.SpecSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Turns the two accepted request bodies for spec sets into {@link SpecSource}s. */
final class SpecUploads {

    /** The multipart form field that carries the YAML files. */
    static final String FILES = "files";

    private SpecUploads() {}

    /** YAML files of a multipart body, named by their file names. */
    static List<SpecSource> ofFiles(List<FileUpload> files) {
        if (files == null) {
            throw new InvalidRequestException(FILES, "must hold at least one YAML file");
        }
        List<SpecSource> sources = new ArrayList<>(files.size());
        for (FileUpload file : files) {
            try {
                // Decodes strictly: a byte sequence that is not UTF-8 fails instead of becoming U+FFFD.
                sources.add(new SpecSource(file.fileName(), Files.readString(file.uploadedFile())));
            } catch (CharacterCodingException e) {
                throw new InvalidRequestException(FILES, "must be UTF-8 text; '" + file.fileName() + "' is not");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the uploaded file " + file.fileName(), e);
            }
        }
        return sources;
    }

    /** The specs of a JSON list, named {@code specs[i]}. */
    static List<SpecSource> ofJson(List<JsonNode> specs) {
        if (specs == null) {
            throw new InvalidRequestException("specs", "must be a JSON list of specs");
        }
        List<SpecSource> sources = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            sources.add(new SpecSource("specs[" + i + "]", specs.get(i).toString()));
        }
        return sources;
    }
}
