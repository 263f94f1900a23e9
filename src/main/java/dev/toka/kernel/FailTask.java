package dev.toka.kernel;

/**
 * Reports that the running attempt failed or ran out of time (needs {@code task:report}).
 *
 * @param agent    The agent id.
 * @param taskId   The running task.
 * @param attempt  The attempt that failed, as {@code TaskStarted} numbered it; refused unless it is the current one.
 * @param reason   Why it failed (at most {@value Limits#MAX_TASK_DESCRIPTION_BYTES} UTF-8 bytes).
 * @param timedOut Whether the attempt ran out of time.
 * @param retrying Whether another attempt follows; when not, the task leaves the queue.
 */
public record FailTask(String agent, String taskId, Integer attempt, String reason, boolean timedOut,
        boolean retrying)
        implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("taskId", taskId, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAttempt(attempt);
        Limits.requireText("reason", reason, Limits.MAX_TASK_DESCRIPTION_BYTES);
    }
}
