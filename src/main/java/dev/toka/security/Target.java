package dev.toka.security;

import java.util.List;
import java.util.Objects;

/**
 * The agent an action is aimed at, as the security layer needs to see it.
 *
 * @param agentId The agent.
 * @param vault   The agent's tenant.
 * @param lineage The agent itself followed by its ancestors up to the root.
 */
public record Target(String agentId, String vault, List<String> lineage) {

    public Target {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(vault, "vault");
        lineage = List.copyOf(lineage);
    }
}
