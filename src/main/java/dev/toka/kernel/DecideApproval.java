package dev.toka.kernel;

/**
 * Decides a pending approval. {@code grant} and {@code reject} need {@code approval:grant} on the agent; a
 * grant carries the signed one-shot capability the security policy issued for it. {@code expire} is the
 * runtime's report (needs {@code task:report}) that nobody answered in time.
 *
 * @param agent      The agent whose task waits.
 * @param approvalId The approval.
 * @param decision   {@code grant}, {@code reject} or {@code expire}.
 * @param token      The approval capability, for a grant only.
 * @param tokenId    Its id, for a grant only.
 * @param reason     Why it was rejected (at most {@value Limits#MAX_TASK_DESCRIPTION_BYTES} UTF-8 bytes); the
 *                   agent is told it as the tool's answer.
 */
public record DecideApproval(String agent, String approvalId, Decision decision, String token, String tokenId,
        String reason) implements Operation {

    /** What was decided. */
    public enum Decision { GRANT, REJECT, EXPIRE }

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("approvalId", approvalId, Limits.MAX_IDENTIFIER_BYTES);
        if (decision == null) {
            throw new InvalidOperationException("decision", "must be grant, reject or expire");
        }
        if (decision == Decision.GRANT) {
            Limits.requireText("token", token, 8192);
            Limits.requireText("tokenId", tokenId, Limits.MAX_IDENTIFIER_BYTES);
        }
        Limits.requireAtMost("reason", reason, Limits.MAX_TASK_DESCRIPTION_BYTES);
    }
}
