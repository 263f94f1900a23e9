package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.security.Budget;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.Target;
import dev.toka.security.TokenGrant;
import dev.toka.security.TokenRequest;
import dev.toka.store.ExpectedVersion;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code spawn-agent}: a sub-agent inherits its parent's vault; a root agent needs an admin; the type
 * must be one the {@link AgentTypes} know.
 */
@Singleton
class SpawnAgentHandler implements OpcodeHandler<SpawnAgent> {

    private final AgentTypes types;
    private final SecurityPolicyCoordinator security;
    private final WorldState world;

    SpawnAgentHandler(AgentTypes types, SecurityPolicyCoordinator security, WorldState world) {
        this.types = types;
        this.security = security;
        this.world = world;
    }

    @Override
    public String opcode() {
        return "spawn-agent";
    }

    @Override
    public Class<SpawnAgent> operationType() {
        return SpawnAgent.class;
    }

    @Override
    public Requirement requirement(SpawnAgent operation) {
        return operation.parent() == null
                ? Requirement.adminOnly()
                : Requirement.permissionOn(Permissions.AGENT_SPAWN, operation.parent());
    }

    @Override
    public Decision decide(SpawnAgent operation, Optional<AgentView> parent, Caller caller) {
        Set<String> known = types.known();
        if (!known.contains(operation.type())) {
            throw new InvalidOperationException("type", "names no known agent type ('" + operation.type()
                    + "'); known types: " + String.join(", ", new TreeSet<>(known)));
        }
        String vault = parent.map(AgentRules::requireNotTerminated)
                .map(AgentView::vault)
                .orElseGet(() -> Optional.ofNullable(operation.vault()).orElse(caller.principal().vault()));
        security.authorizeGrant(caller, operation.mandate().capabilities());
        if (operation.mandate().run() != null) {
            // Only the orchestration ties an agent to a run: a run's budget and replay source are its to set.
            security.requirePermission(caller, Permissions.ADMIN);
        }
        String agentId = UUID.randomUUID().toString();
        Optional<TokenGrant> token = Optional.ofNullable(operation.token())
                .map(asked -> security.grantToken(caller, newAgent(agentId, vault, parent),
                        tokenRequest(agentId, asked)));
        return new Decision(KernelEvent.streamOf(agentId), ExpectedVersion.noStream(), List.of(new AgentSpawned(
                agentId, operation.parent(), operation.name(), operation.type(), vault, operation.timeout(),
                withinCallersBudget(operation.mandate(), caller))), agentId, token);
    }

    /** The agent about to be spawned, as the policy sees it: itself, then its parent's lineage. */
    private Target newAgent(String agentId, String vault, Optional<AgentView> parent) {
        List<String> lineage = new ArrayList<>(List.of(agentId));
        parent.ifPresent(p -> lineage.addAll(world.targetOf(p).lineage()));
        return new Target(agentId, vault, lineage);
    }

    private static TokenRequest tokenRequest(String agentId, SpawnAgent.Token asked) {
        return new TokenRequest(agentId, Optional.empty(), asked.permissions(),
                Optional.ofNullable(asked.ttlSeconds()).map(Duration::ofSeconds), Optional.empty());
    }

    /** An agent spawned with a budgeted token spends at most that budget, whatever its mandate asks. */
    private static AgentMandate withinCallersBudget(AgentMandate mandate, Caller caller) {
        Budget budget = Budget.tighter(mandate.budget(), caller.principal().budget());
        return new AgentMandate(mandate.instructions(), mandate.capabilities(), budget, mandate.run());
    }
}
