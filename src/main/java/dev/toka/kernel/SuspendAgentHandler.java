package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentSuspended;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;

/** {@code suspend-agent}: a ready or running agent stops taking new tasks. */
@Singleton
class SuspendAgentHandler implements OpcodeHandler<SuspendAgent> {

    @Override
    public String opcode() {
        return "suspend-agent";
    }

    @Override
    public Class<SuspendAgent> operationType() {
        return SuspendAgent.class;
    }

    @Override
    public Requirement requirement(SuspendAgent operation) {
        return Requirement.permissionOn(Permissions.AGENT_CONTROL, operation.agent());
    }

    @Override
    public Decision decide(SuspendAgent operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        if (agent.state() != AgentStatus.READY && agent.state() != AgentStatus.RUNNING) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "only a ready or running agent can be suspended");
        }
        return Decision.onAgent(agent, new AgentSuspended(agent.id()));
    }
}
