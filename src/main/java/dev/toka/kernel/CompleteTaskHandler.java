package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * {@code complete-task}: the running attempt succeeded and its task leaves the queue. An outcome for an
 * attempt that is no longer the current one (taken over, or already ended) is refused.
 */
@Singleton
class CompleteTaskHandler implements OpcodeHandler<CompleteTask> {

    @Override
    public String opcode() {
        return "complete-task";
    }

    @Override
    public Class<CompleteTask> operationType() {
        return CompleteTask.class;
    }

    @Override
    public Requirement requirement(CompleteTask operation) {
        return Requirement.permissionOn(Permissions.TASK_REPORT, operation.agent());
    }

    @Override
    public Decision decide(CompleteTask operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireRunning(target.orElseThrow(), operation.taskId(), operation.attempt());
        String output = Optional.ofNullable(operation.output()).orElse("");
        return Decision.onAgent(agent, new TaskCompleted(agent.id(), operation.taskId(), output, null,
                operation.artifact()));
    }
}
