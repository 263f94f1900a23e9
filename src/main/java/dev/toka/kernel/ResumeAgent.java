package dev.toka.kernel;

/**
 * Lets a suspended agent start tasks again.
 *
 * @param agent The agent id.
 */
public record ResumeAgent(String agent) implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
    }
}
