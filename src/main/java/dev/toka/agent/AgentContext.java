package dev.toka.agent;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a plugin gets for one attempt.
 *
 * @param agentId      The agent.
 * @param agentName    The agent's name.
 * @param taskId       The task.
 * @param description  What to do.
 * @param attempt      The attempt number, from 1.
 * @param cancellation Whether the attempt should stop (timed out, or its agent terminated).
 */
public record AgentContext(
        String agentId, String agentName, String taskId, String description, int attempt, BooleanSupplier cancellation) {

    public AgentContext {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** Whether the attempt was cancelled; the plugin should stop soon and return a failure. */
    public boolean cancelled() {
        return Thread.currentThread().isInterrupted() || cancellation.getAsBoolean();
    }
}
