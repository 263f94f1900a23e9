package dev.toka.kernel;

/**
 * Reports that the running task succeeded (needs {@code task:report}).
 *
 * @param agent  The agent id.
 * @param taskId  The running task.
 * @param attempt The attempt that succeeded, as {@code TaskStarted} numbered it; refused unless it is the current one.
 * @param output  What the task produced (at most {@value Limits#MAX_OBSERVATION_BYTES} UTF-8 bytes); empty
 *                when the result went to {@code artifact}.
 * @param artifact The content-addressed file holding a result too large to record inline, or {@code null}.
 */
public record CompleteTask(String agent, String taskId, Integer attempt, String output, ResultArtifact artifact)
        implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("taskId", taskId, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAttempt(attempt);
        Limits.requireAtMost("output", output, Limits.MAX_OBSERVATION_BYTES);
        if (artifact != null) {
            artifact.validate();
        }
    }
}
