package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.security.Budget;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.ExpectedVersion;
import jakarta.inject.Singleton;
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

    SpawnAgentHandler(AgentTypes types, SecurityPolicyCoordinator security) {
        this.types = types;
        this.security = security;
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
        return new Requirement(Permissions.AGENT_SPAWN, Optional.ofNullable(operation.parent()));
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
            security.authorizeRead(caller, Permissions.ADMIN);
        }
        String agentId = UUID.randomUUID().toString();
        return new Decision(KernelEvent.streamOf(agentId), ExpectedVersion.noStream(), List.of(new AgentSpawned(
                agentId, operation.parent(), operation.name(), operation.type(), vault, operation.timeout(),
                withinCallersBudget(operation.mandate(), caller))), agentId);
    }

    /** An agent spawned with a budgeted token spends at most that budget, whatever its mandate asks. */
    private static AgentMandate withinCallersBudget(AgentMandate mandate, Caller caller) {
        Budget budget = Budget.tighter(mandate.budget(), caller.principal().budget());
        return new AgentMandate(mandate.instructions(), mandate.capabilities(), budget, mandate.run());
    }
}
