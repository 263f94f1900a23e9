package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.store.ExpectedVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code spawn-agent}: a sub-agent inherits its parent's vault; a root agent needs an admin. */
@ApplicationScoped
class SpawnAgentHandler implements OpcodeHandler<SpawnAgent> {

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
        String vault = parent.map(AgentRules::requireNotTerminated)
                .map(AgentView::vault)
                .orElseGet(() -> Optional.ofNullable(operation.vault()).orElse(caller.principal().vault()));
        String agentId = UUID.randomUUID().toString();
        return new Decision(KernelEvent.streamOf(agentId), ExpectedVersion.noStream(), List.of(new AgentSpawned(
                agentId, operation.parent(), operation.name(), operation.type(), vault)), agentId);
    }
}
