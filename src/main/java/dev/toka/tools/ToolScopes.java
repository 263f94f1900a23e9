package dev.toka.tools;

import dev.toka.kernel.AgentView;
import dev.toka.kernel.WorldState;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import dev.toka.security.Target;
import jakarta.inject.Singleton;
import java.util.List;

/** Ties a tool call's scope to the agents the world state knows. */
@Singleton
public class ToolScopes {

    private final WorldState world;

    ToolScopes(WorldState world) {
        this.world = world;
    }

    /**
     * The scope of a call made by {@code caller} for {@code agentId}: in the caller's vault, or for an
     * admin in the agent's own vault.
     */
    public ToolScope scopeFor(Caller caller, String agentId, String runId, String taskId) {
        Principal principal = caller.principal();
        String vault = principal.isAdmin()
                ? world.agent(agentId).map(AgentView::vault).orElse(principal.vault())
                : principal.vault();
        return new ToolScope(vault, agentId, runId, taskId);
    }

    /**
     * The agent a call acts for, as the security policy sees it: its real lineage when the world
     * knows it in the scope's vault, else only itself, so only the agent itself or an admin passes.
     */
    Target targetOf(ToolScope scope) {
        return world.agent(scope.agentId())
                .filter(agent -> agent.vault().equals(scope.vault()))
                .map(world::targetOf)
                .orElseGet(() -> new Target(scope.agentId(), scope.vault(), List.of(scope.agentId())));
    }
}
