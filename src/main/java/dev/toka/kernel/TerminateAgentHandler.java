package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code terminate-agent}: ends an agent for good and cancels its unfinished tasks. */
@Singleton
class TerminateAgentHandler implements OpcodeHandler<TerminateAgent> {

    @Override
    public String opcode() {
        return "terminate-agent";
    }

    @Override
    public Class<TerminateAgent> operationType() {
        return TerminateAgent.class;
    }

    @Override
    public Requirement requirement(TerminateAgent operation) {
        return Requirement.permissionOn(Permissions.AGENT_CONTROL, operation.agent());
    }

    @Override
    public Decision decide(TerminateAgent operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        String reason = Optional.ofNullable(operation.reason()).orElse("terminated");
        // Every unfinished task, the running one included, ends with the agent.
        List<KernelEvent> events = new ArrayList<>(agent.queuedTasks().size() + 1);
        events.add(new AgentTerminated(agent.id(), reason));
        agent.queuedTasks().forEach(task -> events.add(new TaskCancelled(agent.id(), task.taskId())));
        return Decision.onAgent(agent, events.toArray(KernelEvent[]::new));
    }
}
