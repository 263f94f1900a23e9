package dev.toka.kernel;

import java.time.Instant;

/**
 * The latest approval a queued task asked for, as the world state sees it: pending while a person decides,
 * then granted (with the signed one-shot capability the agent's tool call must present), rejected, or expired.
 *
 * @param approvalId      The approval's id.
 * @param toolId          The tool the call needs approval for.
 * @param argumentsSha256 Hex SHA-256 of the call's RFC 8785 canonical arguments; the grant is bound to it.
 * @param attempt         The attempt that asked; the resumed call is keyed by it, so it runs once.
 * @param step            The call's step within that attempt.
 * @param modelCall       The log position of the recorded model answer that asked for the call.
 * @param expiresAt       When a pending approval expires unanswered.
 * @param state           Where the decision stands.
 * @param reason          Why it was rejected or expired; {@code null} otherwise.
 * @param token           The signed approval capability once granted; {@code null} otherwise.
 */
public record TaskApproval(String approvalId, String toolId, String argumentsSha256, int attempt, int step,
        long modelCall, Instant expiresAt, State state, String reason, String token) {

    /** Where an approval's decision stands. */
    public enum State { PENDING, GRANTED, REJECTED, EXPIRED }

    /** Whether no decision was taken yet: the task waits and no attempt starts. */
    public boolean pending() {
        return state == State.PENDING;
    }

    TaskApproval decided(State decision, String why, String grantedToken) {
        return new TaskApproval(approvalId, toolId, argumentsSha256, attempt, step, modelCall, expiresAt, decision, why,
                grantedToken);
    }
}
