package dev.toka.orchestration;

import dev.toka.kernel.ResultArtifact;
import dev.toka.security.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

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
 * @param specsSha256    The version the run is pinned to: SHA-256 over its specs' names and digests (see
 *                       {@code agents[].specSha256}); {@code null} for runs recorded before specs were hashed.
 * @param profiles       The {@code tasks.conditional} profiles it was started with, or {@code null}.
 * @param agents         Each agent's state and progress, in launch order; a fan-out's instances after it.
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
        String specsSha256,
        List<String> profiles,
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
     * @param version        Its spec's {@code metadata.version}.
     * @param specSha256     The SHA-256 of its spec's text as the run was started with it.
     * @param result         Its result once it has one (text or JSON), else {@code null}.
     * @param resultSha256   The SHA-256 of its result: as its task recorded it, or of the result computed from
     *                       its tasks' (output mapping) or instances' (fan-out).
     * @param artifact       The workspace file holding its result when that was too large to record inline.
     * @param iterations     A looping agent's iterations so far, else {@code null}.
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
            Instant finishedAt,
            String version,
            String specSha256,
            String result,
            String resultSha256,
            ResultArtifact artifact,
            Integer iterations) {}

    /** The view of a run; called under the projection's lock. */
    static RunView of(RunProgress run) {
        List<AgentRunView> agents = run.agents.values().stream().map(a -> agentView(a, run.cancelled())).toList();
        Instant end = run.finishedAt != null ? run.finishedAt : Instant.now();
        return new RunView(run.id, run.ended() ? run.outcome : RUNNING, run.startedAt, run.finishedAt,
                Duration.between(run.startedAt, end).toMillis(),
                namesIn(agents, AgentPhase.FAILED), namesIn(agents, AgentPhase.BLOCKED), run.cancelReason,
                run.budget, run.replayOf, run.waves, PlannedAgent.specsSha256(run.plan()), run.profiles, agents);
    }

    private static AgentRunView agentView(AgentProgress agent, boolean runCancelled) {
        AgentPhase phase = agent.phase(runCancelled);
        String reason = agent.blockedReason != null ? agent.blockedReason
                : agent.skippedReason != null ? agent.skippedReason
                : agent.failureReason != null ? agent.failureReason
                : phase == AgentPhase.FAILED ? failedInstance(agent) : null;
        int tasks = agent.expectedTasks();
        TaskResult last = agent.instances == null && agent.plan.flow().output().isEmpty() ? agent.lastTask() : null;
        return new AgentRunView(agent.plan.name(), agent.agentId, phase, reason, agent.plan.requires(), tasks,
                agent.completed, tasks == 0 ? 0 : (double) agent.completed / tasks, agent.startedAt,
                phase.settled ? agent.finishedAt : null, agent.plan.version(), agent.plan.specSha256(),
                agent.result(), agent.resultSha256(), last == null ? null : last.artifact(),
                agent.plan.loops() ? agent.iterations : null);
    }

    private static String failedInstance(AgentProgress agent) {
        return agent.instances == null ? "terminated outside the run" : "an instance did not complete: "
                + agent.instances.stream().filter(i -> i.phase(false) != AgentPhase.COMPLETED)
                        .map(i -> i.plan.name()).collect(Collectors.joining(", "));
    }

    private static List<String> namesIn(List<AgentRunView> agents, AgentPhase phase) {
        return agents.stream().filter(a -> a.state() == phase).map(AgentRunView::name).toList();
    }
}
