package dev.toka.kernel;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Reports that the running attempt asked for a tool call that needs approval (needs {@code task:report}):
 * the attempt ends and the task waits for a person's decision.
 *
 * @param agent           The agent id.
 * @param taskId          The running task.
 * @param attempt         The running attempt, as {@code TaskStarted} numbered it.
 * @param toolId          The tool.
 * @param argumentsSha256 Hex SHA-256 of the call's RFC 8785 canonical arguments.
 * @param step            The call's step within the attempt, from 0.
 * @param modelCall       The log position of the recorded model answer that asked for the call: the task
 *                        resumes from it without asking the model again.
 * @param expiresAt       When the approval expires unanswered ({@code toka.agent.approval-timeout} from now).
 */
public record RequestApproval(String agent, String taskId, Integer attempt, String toolId, String argumentsSha256,
        Integer step, Long modelCall, Instant expiresAt) implements Operation {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("taskId", taskId, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAttempt(attempt);
        Limits.requireName("toolId", toolId, Limits.MAX_IDENTIFIER_BYTES);
        if (argumentsSha256 == null || !SHA256.matcher(argumentsSha256).matches()) {
            throw new InvalidOperationException("argumentsSha256", "must be 64 lower-case hex digits");
        }
        if (step == null || step < 0) {
            throw new InvalidOperationException("step", "must be a step number from 0");
        }
        if (modelCall == null || modelCall < 1) {
            throw new InvalidOperationException("modelCall", "must be the log position of the model's answer");
        }
        if (expiresAt == null) {
            throw new InvalidOperationException("expiresAt", "must say when the approval expires");
        }
    }
}
