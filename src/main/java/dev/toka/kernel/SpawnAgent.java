package dev.toka.kernel;

import java.util.List;

/**
 * Spawns an agent: a sub-agent of {@code parent}, or a root agent when there is no parent (admin only).
 *
 * @param parent The parent agent id, or {@code null} for a root agent.
 * @param name   The agent's name (1..256 UTF-8 bytes).
 * @param type   The agent plugin type, for example {@code script}.
 * @param vault   The tenant of a root agent (defaults to the caller's); a sub-agent inherits its parent's.
 * @param timeout The time limit of each task attempt ({@link TaskTimeouts}), or {@code null} for the runtime's default.
 * @param mandate What the agent is told and allowed when it acts ({@link AgentMandate#NONE} when absent).
 * @param token   A token to issue for the new agent in the same operation, or {@code null} for none.
 */
public record SpawnAgent(String parent, String name, String type, String vault, String timeout, AgentMandate mandate,
        Token token) implements Operation {

    /**
     * The token a spawn issues for its new agent: delegated from the caller's token (a root token when
     * the caller is the admin secret). It is checked with the spawn, before anything is written.
     *
     * @param permissions What the token may do: a subset of the caller's permissions.
     * @param ttlSeconds  Its lifetime, no longer than the caller's token has left; the default when {@code null}.
     */
    public record Token(List<String> permissions, Long ttlSeconds) {

        public Token {
            permissions = permissions == null ? List.of() : List.copyOf(permissions);
        }
    }

    public SpawnAgent {
        mandate = mandate == null ? AgentMandate.NONE : mandate;
    }

    /** A spawn that issues no token. */
    public SpawnAgent(String parent, String name, String type, String vault, String timeout, AgentMandate mandate) {
        this(parent, name, type, vault, timeout, mandate, null);
    }

    /** A spawn with the runtime's default time limit and no mandate. */
    public SpawnAgent(String parent, String name, String type, String vault) {
        this(parent, name, type, vault, null, null, null);
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
