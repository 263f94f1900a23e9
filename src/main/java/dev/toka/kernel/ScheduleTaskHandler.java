package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/** {@code schedule-task}: queues a task, at most {@value Limits#MAX_QUEUED_TASKS} per agent. */
@Singleton
class ScheduleTaskHandler implements OpcodeHandler<ScheduleTask> {

    @Override
    public String opcode() {
        return "schedule-task";
    }

    @Override
    public Class<ScheduleTask> operationType() {
        return ScheduleTask.class;
    }

    @Override
    public Requirement requirement(ScheduleTask operation) {
        return Requirement.permissionOn(Permissions.TASK_SCHEDULE, operation.agent());
    }

    @Override
    public Decision decide(ScheduleTask operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        if (agent.queuedTasks().size() >= Limits.MAX_QUEUED_TASKS) {
            throw new InvalidOperationException("agent", "may have at most " + Limits.MAX_QUEUED_TASKS
                    + " queued tasks; agent " + agent.id() + " has " + agent.queuedTasks().size());
        }
        return Decision.onAgent(agent, new TaskScheduled(
                agent.id(), UUID.randomUUID().toString(), operation.description()));
    }
}
