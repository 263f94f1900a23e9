package dev.toka.kernel;

import dev.toka.store.EventMetadata;
import java.util.List;
import java.util.Optional;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * One agent as the world-state projection sees it.
 *
 * @param id          The agent id.
 * @param parent      The parent id, or {@code null} for a root agent.
 * @param name        The name.
 * @param type        The agent plugin type.
 * @param vault       The tenant.
 * @param timeout     The per-attempt time limit as spawned ({@link TaskTimeouts}), or {@code null} for the default.
 * @param mandate     What it is told and allowed when it acts.
 * @param state       The lifecycle state.
 * @param queuedTasks The unfinished tasks, oldest first; the running one stays queued until it finishes.
 * @param running     The attempt in progress, or {@code null}.
 * @param version     The version of the agent's stream, for optimistic concurrency.
 */
public record AgentView(
        String id,
        String parent,
        String name,
        String type,
        String vault,
        String timeout,
        AgentMandate mandate,
        AgentStatus state,
        List<QueuedTask> queuedTasks,
        RunningTask running,
        long version) {

    public AgentView {
        // A persistent vector: the projection adds or drops one task in O(log n) instead of copying a
        // queue that may hold 10,000 of them, and every view stays an immutable snapshot.
        queuedTasks = queuedTasks instanceof PVector<QueuedTask> persistent ? persistent : TreePVector.from(queuedTasks);
    }

    /**
     * A task waiting on an agent.
     *
     * @param taskId        The task id.
     * @param description   What to do.
     * @param attempts      How many attempts were started so far.
     * @param scheduledWith The metadata of its {@code TaskScheduled} event: who scheduled it, and in which trace
     *                      and span, so the task's own span continues that trace (docs/observability.md).
     * @param approval      The latest approval the task asked for, or {@code null}: while it is pending no
     *                      attempt starts.
     */
    public record QueuedTask(String taskId, String description, int attempts, EventMetadata scheduledWith,
            TaskApproval approval) {

        /** A task that never asked for an approval. */
        public QueuedTask(String taskId, String description, int attempts, EventMetadata scheduledWith) {
            this(taskId, description, attempts, scheduledWith, null);
        }

        /** The same task, at {@code attempt}. */
        QueuedTask attempted(int attempt) {
            return new QueuedTask(taskId, description, attempt, scheduledWith, approval);
        }

        /** The same task, with its latest approval. */
        QueuedTask awaiting(TaskApproval latest) {
            return new QueuedTask(taskId, description, attempts, scheduledWith, latest);
        }

        /** Whether an approval of this task is pending: no attempt starts until it is decided. */
        public boolean awaitingApproval() {
            return approval != null && approval.pending();
        }
    }

    /**
     * The attempt an agent is working on.
     *
     * @param taskId   The task id.
     * @param attempt  The attempt number, from 1.
     * @param instance The instance that claimed the attempt, or {@code null} when the log does not say.
     */
    public record RunningTask(String taskId, int attempt, String instance) {}

    /** The queued task with this id. */
    public Optional<QueuedTask> queued(String taskId) {
        int index = indexOf(taskId);
        return index < 0 ? Optional.empty() : Optional.of(queuedTasks.get(index));
    }

    /** The queue, as the persistent vector the constructor made of it. */
    PVector<QueuedTask> queue() {
        return (PVector<QueuedTask>) queuedTasks;
    }

    /** The position of the task in the queue, or -1. */
    int indexOf(String taskId) {
        int index = 0;
        for (QueuedTask task : queuedTasks) {
            if (task.taskId().equals(taskId)) {
                return index;
            }
            index++;
        }
        return -1;
    }

    AgentView with(AgentStatus newState, List<QueuedTask> tasks, long newVersion) {
        return new AgentView(id, parent, name, type, vault, timeout, mandate, newState, tasks, running, newVersion);
    }

    AgentView with(AgentStatus newState, List<QueuedTask> tasks, RunningTask newRunning, long newVersion) {
        return new AgentView(id, parent, name, type, vault, timeout, mandate, newState, tasks, newRunning, newVersion);
    }
}
