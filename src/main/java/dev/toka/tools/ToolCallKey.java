package dev.toka.tools;

import java.util.Objects;

/**
 * The idempotency key of one tool call: which step of which task, in which attempt. Two calls with
 * the same key, tool and vault are the same call.
 *
 * @param run     The run, or {@code null}.
 * @param agent   The agent.
 * @param task    The task, or {@code null}.
 * @param step    The step within the task, from 0.
 * @param attempt The attempt of that step, from 0; a retry that should act again uses the next one.
 * @since 0.1
 */
public record ToolCallKey(String run, String agent, String task, int step, int attempt) {

    public ToolCallKey {
        Objects.requireNonNull(agent, "agent");
        if (step < 0 || attempt < 0) {
            throw new InvalidToolCallException("idempotencyKey", "step and attempt must be >= 0");
        }
    }
}
