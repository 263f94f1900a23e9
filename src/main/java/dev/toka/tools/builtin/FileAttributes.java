package dev.toka.tools.builtin;

import dev.toka.tools.ToolFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** A workspace path's attributes, read without following a symbolic link at its end. */
final class FileAttributes {

    private FileAttributes() {}

    /** The attributes of an entry that must exist. */
    static BasicFileAttributes of(Path path, String pointer) {
        return find(path).orElseThrow(() -> new ToolFailedException("nothing at " + pointer + " in the workspace"));
    }

    /** The attributes, or empty when nothing is there. */
    static Optional<BasicFileAttributes> find(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ToolFailedException("cannot inspect the path: " + e.getMessage());
        }
    }
}
