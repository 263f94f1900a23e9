package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskTimedOut;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * {@code fail-task}: the running attempt failed or timed out; the task leaves the queue unless retried. An
 * outcome for an attempt that is no longer the current one is refused.
 */
@Singleton
class FailTaskHandler implements OpcodeHandler<FailTask> {

    @Override
    public String opcode() {
        return "fail-task";
    }

    @Override
    public Class<FailTask> operationType() {
        return FailTask.class;
    }

    @Override
    public Requirement requirement(FailTask operation) {
        return Requirement.permissionOn(Permissions.TASK_REPORT, operation.agent());
    }

    @Override
    public Decision decide(FailTask operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireRunning(target.orElseThrow(), operation.taskId(), operation.attempt());
        int attempt = agent.running().attempt();
        KernelEvent event = operation.timedOut()
                ? new TaskTimedOut(agent.id(), operation.taskId(), attempt, operation.retrying())
                : new TaskFailed(agent.id(), operation.taskId(), operation.reason(), attempt, operation.retrying());
        return Decision.onAgent(agent, event);
    }
}
