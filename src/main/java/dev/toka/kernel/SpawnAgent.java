package dev.toka.kernel;

/**
 * Spawns an agent: a sub-agent of {@code parent}, or a root agent when there is no parent (admin only).
 *
 * @param parent The parent agent id, or {@code null} for a root agent.
 * @param name   The agent's name (1..256 UTF-8 bytes).
 * @param type   The agent plugin type, for example {@code script}.
 * @param vault   The tenant of a root agent (defaults to the caller's); a sub-agent inherits its parent's.
 * @param timeout The time limit of each task attempt ({@link TaskTimeouts}), or {@code null} for the runtime's default.
 * @param mandate What the agent is told and allowed when it acts ({@link AgentMandate#NONE} when absent).
 */
public record SpawnAgent(String parent, String name, String type, String vault, String timeout, AgentMandate mandate)
        implements Operation {

    public SpawnAgent {
        mandate = mandate == null ? AgentMandate.NONE : mandate;
    }

    /** A spawn with the runtime's default time limit and no mandate. */
    public SpawnAgent(String parent, String name, String type, String vault) {
        this(parent, name, type, vault, null, null);
    }

    @Override
    public void validate() {
        Limits.requireName("name", name, Limits.MAX_AGENT_NAME_BYTES);
        Limits.requireName("type", type, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAtMost("parent", parent, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAtMost("vault", vault, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireNoControlCharacters("vault", vault);
        if (timeout != null) {
            try {
                TaskTimeouts.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new InvalidOperationException("timeout", e.getMessage());
            }
        }
        mandate.validate();
    }
}
