package dev.toka.kernel;

/** State rules shared by the built-in handlers. */
public final class AgentRules {

    private AgentRules() {}

    /** Fails with 409 when the agent was terminated. */
    public static AgentView requireNotTerminated(AgentView agent) {
        if (agent.state() == AgentStatus.TERMINATED) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "a terminated agent takes no operations");
        }
        return agent;
    }

    /**
     * Fails with 409 unless the agent is working on attempt {@code attempt} at {@code taskId}: a late outcome
     * of an attempt that was taken over (or already ended) must not end the one that replaced it.
     */
    public static AgentView requireRunning(AgentView agent, String taskId, int attempt) {
        requireNotTerminated(agent);
        if (agent.running() == null || !agent.running().taskId().equals(taskId)) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "task " + taskId + " is not running");
        }
        if (agent.running().attempt() != attempt) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "attempt " + attempt + " of task "
                    + taskId + " is no longer current: attempt " + agent.running().attempt() + " is running");
        }
        return agent;
    }
}
