package dev.toka.agent;

import dev.langchain4j.model.output.structured.Description;

/**
 * An LLM agent's own verdict on its task, read from its final answer as structured output: the
 * task's outcome is this status, never a guess from words in the text.
 *
 * @param status  Whether the task was done.
 * @param summary What was done, or why it could not be.
 */
public record TaskVerdict(
        @Description("COMPLETED when the task is done, FAILED when it cannot be done") Status status,
        @Description("what was done, or why the task could not be done") String summary) {

    /** A task's outcome as the agent judges it. */
    public enum Status {
        COMPLETED,
        FAILED
    }
}
