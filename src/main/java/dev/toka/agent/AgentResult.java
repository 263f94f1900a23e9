package dev.toka.agent;

import java.util.Objects;

/**
 * The outcome of one attempt: {@link Success} with an output, {@link Failure} with a reason, or
 * {@link AwaitingApproval} when it stopped at a tool call that needs a person's approval.
 */
public sealed interface AgentResult permits AgentResult.Success, AgentResult.Failure, AgentResult.AwaitingApproval {

    /** A successful attempt. */
    static AgentResult success(String output) {
        return new Success(output);
    }

    /** A failed attempt; the task is tried again while the retry policy allows. */
    static AgentResult failure(String reason) {
        return new Failure(reason, true);
    }

    /** A failed attempt that another attempt would only repeat (a budget spent, a recording missing). */
    static AgentResult finalFailure(String reason) {
        return new Failure(reason, false);
    }

    /**
     * The task is done.
     *
     * @param output What it produced, possibly empty.
     */
    record Success(String output) implements AgentResult {
        public Success {
            output = output == null ? "" : output;
        }
    }

    /**
     * The attempt failed.
     *
     * @param reason    Why, for the log.
     * @param retriable Whether another attempt might succeed.
     */
    record Failure(String reason, boolean retriable) implements AgentResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The attempt stopped at a tool call that needs a person's approval; the task waits for the decision and
     * resumes from the model's recorded answer.
     *
     * @param toolId          The tool.
     * @param argumentsSha256 Hex SHA-256 of the call's canonical arguments.
     * @param step            The call's step within the attempt.
     * @param modelCall       The log position of the model's answer that asked for the call.
     */
    record AwaitingApproval(String toolId, String argumentsSha256, int step, long modelCall) implements AgentResult {}
}
