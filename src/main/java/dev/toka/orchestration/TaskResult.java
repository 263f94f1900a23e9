package dev.toka.orchestration;

import dev.toka.kernel.ResultArtifact;

/**
 * A task's result as its {@code TaskCompleted} recorded it.
 *
 * @param output   The result, or empty when it went to {@code artifact}.
 * @param sha256   Its SHA-256 as recorded; {@code null} in events written before results were hashed.
 * @param artifact The content-addressed file holding a large result, or {@code null}.
 */
record TaskResult(String output, String sha256, ResultArtifact artifact) {

    /** The result as text: the output, or where its artifact is when it was too large to record inline. */
    String text() {
        return artifact == null ? output : "(result in the run's workspace at " + artifact.path() + ": "
                + artifact.bytes() + " bytes, sha256 " + artifact.sha256() + ")";
    }
}
