package dev.toka.kernel;

/**
 * Reports that an agent begins an attempt at a queued task (needs {@code task:report}).
 *
 * @param agent  The agent id.
 * @param taskId The queued task.
 */
public record StartTask(String agent, String taskId) implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("taskId", taskId, Limits.MAX_IDENTIFIER_BYTES);
    }
}
