package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentEvent;
import dev.toka.kernel.KernelEvent.AgentResumed;
import dev.toka.kernel.KernelEvent.AgentSuspended;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.ApprovalRequested;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.kernel.KernelEvent.TaskTimedOut;

/**
 * An agent's lifecycle state and whether an attempt is in progress, and how one event moves them: the
 * one statement of the rules, for the world state and for every read model that shows an agent's state.
 *
 * @param state   The lifecycle state.
 * @param running Whether an attempt is in progress.
 * @param ofRun   Whether the agent works for a run: such an agent is done at its first task that fails for good.
 */
public record AgentLifecycle(AgentStatus state, boolean running, boolean ofRun) {

    /** A freshly spawned agent. */
    public static AgentLifecycle spawned(boolean ofRun) {
        return new AgentLifecycle(AgentStatus.READY, false, ofRun);
    }

    /** The lifecycle after {@code event}, one of this agent's own events after its spawn. */
    public AgentLifecycle after(AgentEvent event) {
        if (event instanceof TaskStarted) {
            return with(AgentStatus.RUNNING, true);
        }
        if (event instanceof TaskCompleted || event instanceof ApprovalRequested) {
            return attemptEnded();
        }
        if (event instanceof TaskFailed failed) {
            return failed(failed.retrying());
        }
        if (event instanceof TaskTimedOut timedOut) {
            return failed(timedOut.retrying());
        }
        if (event instanceof TaskCancelled) {
            return with(state, false);
        }
        if (event instanceof AgentSuspended) {
            return with(AgentStatus.SUSPENDED, running);
        }
        if (event instanceof AgentResumed) {
            return with(running ? AgentStatus.RUNNING : AgentStatus.READY, running);
        }
        if (event instanceof AgentTerminated) {
            return with(AgentStatus.TERMINATED, running);
        }
        return this;
    }

    /**
     * A failed attempt. An agent working for a run turns {@code failed} at its first task that fails for good,
     * in the same step, so no {@code start-task} can follow (docs/agents.md); other agents go on.
     */
    private AgentLifecycle failed(boolean retrying) {
        return !retrying && ofRun ? with(AgentStatus.FAILED, false) : attemptEnded();
    }

    /** An attempt ended: a suspended agent stays suspended while its last attempt finishes. */
    private AgentLifecycle attemptEnded() {
        return with(state == AgentStatus.RUNNING ? AgentStatus.READY : state, false);
    }

    private AgentLifecycle with(AgentStatus newState, boolean nowRunning) {
        return new AgentLifecycle(newState, nowRunning, ofRun);
    }
}
