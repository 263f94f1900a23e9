package dev.toka.kernel;

/**
 * Stops an agent from starting new tasks until it is resumed.
 *
 * @param agent The agent id.
 */
public record SuspendAgent(String agent) implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
    }
}
