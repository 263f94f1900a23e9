package dev.toka.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one directory a tool call may touch. Paths given by a caller are resolved here and nowhere
 * else: relative only, no {@code ..}, and the deepest part that exists must, with every symbolic
 * link followed, still lie inside the workspace.
 *
 * <p>What this does not cover: a path component swapped for a symbolic link by another process
 * between this check and the tool's open (time of check to time of use). The file tools open the
 * last component with {@link LinkOption#NOFOLLOW_LINKS} and replace files by rename, which closes
 * the gap for the last component only; Java has no {@code openat}/{@code O_BENEATH} for the rest.
 */
public final class Workspace {

    private final Path root;

    /** A workspace at {@code root}; the directory is made on first use. */
    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The workspace directory, created if need be, as a real path. */
    public Path directory() {
        try {
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace " + root, e);
        }
    }

    /**
     * Resolves a caller's relative path inside the workspace; the result's last component may not
     * exist yet and is not resolved through links.
     *
     * @param relative The path as the caller gave it.
     * @param pointer  The JSON pointer of the input member, for the error.
     * @throws InvalidToolInputException when the path is absolute, has {@code ..}, or leaves the workspace
     */
    public Path resolve(String relative, String pointer) {
        Path path = parse(relative, pointer);
        if (path.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw new InvalidToolInputException(pointer, "must be relative to the workspace");
        }
        for (Path name : path) {
            if (name.toString().equals("..")) {
                throw new InvalidToolInputException(pointer, "must not contain '..'");
            }
        }
        Path directory = directory();
        Path candidate = directory.resolve(path).normalize();
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (!realPathOf(existing, pointer).startsWith(directory)) {
            throw new InvalidToolInputException(pointer, "leaves the workspace through a symbolic link");
        }
        return candidate;
    }

    /** The path relative to the workspace, with {@code /} separators, for answers. */
    public String relativize(Path path) {
        String relative = directory().relativize(path).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    private static Path parse(String relative, String pointer) {
        if (relative.indexOf('\0') >= 0) {
            throw new InvalidToolInputException(pointer, "must not contain NUL");
        }
        try {
            return Path.of(relative.isEmpty() ? "." : relative);
        } catch (InvalidPathException e) {
            throw new InvalidToolInputException(pointer, "is not a valid path: " + e.getReason());
        }
    }

    private static Path realPathOf(Path existing, String pointer) {
        try {
            return existing.toRealPath();
        } catch (IOException e) {
            throw new InvalidToolInputException(pointer, "goes through a symbolic link that leads nowhere");
        }
    }
}
