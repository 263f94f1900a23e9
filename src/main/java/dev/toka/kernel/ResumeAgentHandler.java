package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentResumed;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;

/** {@code resume-agent}: a suspended agent takes tasks again. */
@Singleton
class ResumeAgentHandler implements OpcodeHandler<ResumeAgent> {

    @Override
    public String opcode() {
        return "resume-agent";
    }

    @Override
    public Class<ResumeAgent> operationType() {
        return ResumeAgent.class;
    }

    @Override
    public Requirement requirement(ResumeAgent operation) {
        return Requirement.permissionOn(Permissions.AGENT_CONTROL, operation.agent());
    }

    @Override
    public Decision decide(ResumeAgent operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        if (agent.state() != AgentStatus.SUSPENDED) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "only a suspended agent can be resumed");
        }
        return Decision.onAgent(agent, new AgentResumed(agent.id()));
    }
}
