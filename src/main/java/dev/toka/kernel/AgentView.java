package dev.toka.kernel;

import java.util.List;

/**
 * One agent as the world-state projection sees it.
 *
 * @param id          The agent id.
 * @param parent      The parent id, or {@code null} for a root agent.
 * @param name        The name.
 * @param type        The agent plugin type.
 * @param vault       The tenant.
 * @param state       The lifecycle state.
 * @param queuedTasks The tasks waiting, oldest first.
 * @param version     The version of the agent's stream, for optimistic concurrency.
 */
public record AgentView(
        String id,
        String parent,
        String name,
        String type,
        String vault,
        AgentStatus state,
        List<QueuedTask> queuedTasks,
        long version) {

    public AgentView {
        queuedTasks = List.copyOf(queuedTasks);
    }

    /**
     * A task waiting on an agent.
     *
     * @param taskId      The task id.
     * @param description What to do.
     */
    public record QueuedTask(String taskId, String description) {}

    AgentView with(AgentStatus newState, List<QueuedTask> tasks, long newVersion) {
        return new AgentView(id, parent, name, type, vault, newState, tasks, newVersion);
    }
}
