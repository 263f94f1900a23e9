package dev.toka.kernel;

import dev.toka.kernel.AgentView.QueuedTask;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.store.InstanceIdentity;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * {@code start-task}: a ready agent begins the next attempt at a queued task. One attempt at a time:
 * a second start, or a duplicate report after a crash, meets a running or suspended agent and is refused;
 * so does a start after a task of a run's agent failed for good, which left the agent {@code failed}.
 *
 * <p>The start claims the attempt for this instance: the event names it, and across a fleet the append at
 * the agent's version lets only the first of two concurrent starts through; the second, decided again on
 * the state that holds the first, meets a running agent and is refused.
 */
@Singleton
class StartTaskHandler implements OpcodeHandler<StartTask> {

    private final String instance;

    StartTaskHandler(InstanceIdentity instance) {
        this.instance = instance.id();
    }

    @Override
    public String opcode() {
        return "start-task";
    }

    @Override
    public Class<StartTask> operationType() {
        return StartTask.class;
    }

    @Override
    public Requirement requirement(StartTask operation) {
        return Requirement.permissionOn(Permissions.TASK_REPORT, operation.agent());
    }

    @Override
    public Decision decide(StartTask operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        if (agent.state() == AgentStatus.FAILED) {
            throw new AgentStateConflictException(agent.id(), agent.state(),
                    "a task of this agent failed for good in its run, so it starts no other task");
        }
        if (agent.state() != AgentStatus.READY) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "only a ready agent starts a task");
        }
        QueuedTask task = agent.queued(operation.taskId()).orElseThrow(() -> new AgentStateConflictException(
                agent.id(), agent.state(), "task " + operation.taskId() + " is not queued"));
        return Decision.onAgent(agent, new TaskStarted(agent.id(), task.taskId(), task.attempts() + 1,
                instance));
    }
}
