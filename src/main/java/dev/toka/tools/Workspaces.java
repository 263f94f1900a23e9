package dev.toka.tools;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Finds the workspace of a call: {@code <root>/<vault>/run-<run>}, or {@code <root>/<vault>/agent-<agent>}. */
@Singleton
public class Workspaces {

    /** Ids become directory names, so they are held to a safe alphabet. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    public Workspaces(ToolsConfig config) {
        this.root = Path.of(config.workspaceRoot());
    }

    /**
     * The workspace of {@code scope}.
     *
     * @throws InvalidToolCallException when an id cannot be a directory name
     */
    public Workspace of(ToolScope scope) {
        return new Workspace(root.resolve(nameOf(scope)));
    }

    /**
     * The name of the workspace of {@code scope} below the root, {@code <vault>/run-<run>} or
     * {@code <vault>/agent-<agent>}: one name per directory.
     *
     * @throws InvalidToolCallException when an id cannot be a directory name
     */
    public String nameOf(ToolScope scope) {
        String vault = segment("vault", scope.vault());
        return scope.runId() != null ? vault + "/run-" + segment("run", scope.runId())
                : vault + "/agent-" + segment("agent", scope.agentId());
    }

    private static String segment(String field, String id) {
        if (!SEGMENT.matcher(id).matches() || id.contains("..")) {
            throw new InvalidToolCallException(field, "must be 1-128 of A-Z, a-z, 0-9, '.', '_', '-' (no '..')");
        }
        return id;
    }
}
