package dev.toka.orchestration;

import dev.toka.security.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run as the API shows it.
 *
 * @param id             The run id.
 * @param state          {@code running}, {@code completed}, {@code failed} or {@code cancelled}.
 * @param startedAt      When the run was recorded.
 * @param finishedAt     When it ended, or {@code null}.
 * @param durationMillis Time from start to end (or to now while running).
 * @param failedAgents   The agents that failed.
 * @param blockedAgents  The agents that never started because a dependency failed.
 * @param cancelReason   Why it was cancelled, or {@code null}.
 * @param budget         The whole run's spending limit on model calls, or {@code null}.
 * @param replayOf       The run whose recorded model answers this run replays, or {@code null}.
 * @param waves          The dependency waves, for display.
 * @param agents         Each agent's state and progress, in launch order.
 */
public record RunView(
        String id,
        String state,
        Instant startedAt,
        Instant finishedAt,
        long durationMillis,
        List<String> failedAgents,
        List<String> blockedAgents,
        String cancelReason,
        Budget budget,
        String replayOf,
        List<List<String>> waves,
        List<AgentRunView> agents) {

    /** The state of a run that has not ended. */
    static final String RUNNING = "running";

    /**
     * One agent of a run.
     *
     * @param name           Its name in the specs.
     * @param agentId        The kernel agent, once launched.
     * @param state          Its {@link AgentPhase}.
     * @param reason         Why it failed or is blocked, or {@code null}.
     * @param requires       The agents it waits for.
     * @param tasks          How many tasks it has.
     * @param completedTasks How many completed.
     * @param progress       completedTasks / tasks.
     * @param startedAt      When its first task started, or {@code null}.
     * @param finishedAt     When it settled, or {@code null}.
     */
    public record AgentRunView(
            String name,
            String agentId,
            AgentPhase state,
            String reason,
            List<String> requires,
            int tasks,
            int completedTasks,
            double progress,
            Instant startedAt,
            Instant finishedAt) {}

    /** The view of a run; called under the projection's lock. */
    static RunView of(RunProgress run) {
        List<AgentRunView> agents = run.agents.values().stream().map(a -> agentView(a, run.cancelled())).toList();
        Instant end = run.finishedAt != null ? run.finishedAt : Instant.now();
        return new RunView(run.id, run.ended() ? run.outcome : RUNNING, run.startedAt, run.finishedAt,
                Duration.between(run.startedAt, end).toMillis(),
                namesIn(agents, AgentPhase.FAILED), namesIn(agents, AgentPhase.BLOCKED), run.cancelReason,
                run.budget, run.replayOf, run.waves, agents);
    }

    private static AgentRunView agentView(AgentProgress agent, boolean runCancelled) {
        AgentPhase phase = agent.phase(runCancelled);
        String reason = agent.blockedReason != null ? agent.blockedReason
                : agent.failureReason != null ? agent.failureReason
                : phase == AgentPhase.FAILED ? "terminated outside the run" : null;
        int tasks = agent.plan.tasks().size();
        return new AgentRunView(agent.plan.name(), agent.agentId, phase, reason, agent.plan.requires(), tasks,
                agent.completed, tasks == 0 ? 0 : (double) agent.completed / tasks, agent.startedAt,
                phase.settled ? agent.finishedAt : null);
    }

    private static List<String> namesIn(List<AgentRunView> agents, AgentPhase phase) {
        return agents.stream().filter(a -> a.state() == phase).map(AgentRunView::name).toList();
    }
}
