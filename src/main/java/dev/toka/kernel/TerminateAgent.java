package dev.toka.kernel;

/**
 * Ends an agent for good.
 *
 * @param agent  The agent id.
 * @param reason Why (at most 256 UTF-8 bytes).
 */
public record TerminateAgent(String agent, String reason) implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAtMost("reason", reason, Limits.MAX_IDENTIFIER_BYTES);
    }
}
