package dev.toka.kernel;

import java.util.regex.Pattern;

/**
 * A task result too large to record inline, kept as a content-addressed file in the workspace of the
 * agent's run (or of the agent) instead; the log records where and its digest (docs/agents.md, "Results").
 *
 * @param path   The file, relative to the workspace: {@code .toka/results/<sha256>}.
 * @param sha256 The SHA-256 of its bytes, lower-case hex.
 * @param bytes  Its size.
 */
public record ResultArtifact(String path, String sha256, long bytes) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Where the artifact of a result with this digest lives in a workspace. */
    public static String pathOf(String sha256) {
        return ".toka/results/" + sha256;
    }

    void validate() {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidOperationException("artifact.sha256", "must be 64 lower-case hex digits");
        }
        if (!pathOf(sha256).equals(path)) {
            throw new InvalidOperationException("artifact.path", "must be " + pathOf(sha256));
        }
        if (bytes < 0) {
            throw new InvalidOperationException("artifact.bytes", "must not be negative");
        }
    }
}
