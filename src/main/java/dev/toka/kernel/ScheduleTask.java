package dev.toka.kernel;

/**
 * Queues a task on an agent.
 *
 * @param agent       The agent id.
 * @param description What to do (1..4096 UTF-8 bytes).
 */
public record ScheduleTask(String agent, String description) implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("description", description, Limits.MAX_TASK_DESCRIPTION_BYTES);
    }
}
