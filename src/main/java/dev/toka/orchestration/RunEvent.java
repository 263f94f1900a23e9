package dev.toka.orchestration;

import dev.toka.kernel.ExtensionEvent;
import dev.toka.redaction.Redactor;
import dev.toka.security.Budget;
import java.util.List;

/** The events of a run, stored in its stream {@code run-<id>} by the orchestration's own handlers. */
public sealed interface RunEvent extends ExtensionEvent
        permits RunEvent.RunStarted, RunEvent.AgentLaunched, RunEvent.AgentBlocked, RunEvent.RunFinished,
                RunEvent.RunCancelled, RunEvent.RunClaimed, RunEvent.AgentSkipped, RunEvent.AgentIterated,
                RunEvent.AgentFannedOut {

    /** The prefix of run streams. */
    String STREAM_PREFIX = "run-";

    /** The run the event belongs to. */
    String runId();

    /** The stream of a run. */
    static String streamOf(String runId) {
        return STREAM_PREFIX + runId;
    }

    /**
     * A run began with this plan; agents are listed in launch order (priority, then name).
     *
     * @param budget   The whole run's spending limit on model calls, or {@code null}.
     * @param replayOf The run whose recorded model answers this one replays, or {@code null} for a live run.
     * @param profiles The {@code tasks.conditional} profiles the run was started with, or {@code null}: none.
     */
    record RunStarted(String runId, List<PlannedAgent> agents, List<List<String>> waves, Budget budget,
            String replayOf, List<String> profiles) implements RunEvent {

        @Override
        public RunStarted redacted() {
            return new RunStarted(runId, agents.stream().map(PlannedAgent::redacted).toList(), waves, budget, replayOf,
                    profiles);
        }
    }

    /** A run's agent was spawned as kernel agent {@code agentId}; its tasks are scheduled next. */
    record AgentLaunched(String runId, String agent, String agentId) implements RunEvent {}

    /** A run's agent will not start because a dependency failed or was blocked. */
    record AgentBlocked(String runId, String agent, String reason) implements RunEvent {}

    /** A run's agent will not start because its condition does not hold, or a dependency was skipped. */
    record AgentSkipped(String runId, String agent, String reason) implements RunEvent {}

    /**
     * An iteration of a looping agent ended: {@code repeat} (its condition does not hold yet, the tasks run
     * again), {@code done} (it holds) or {@code exhausted} (the maximum was reached without it; the agent fails).
     *
     * @param resultSha256 The SHA-256 of the iteration's result, as recorded in its last {@code TaskCompleted}.
     */
    record AgentIterated(String runId, String agent, int iteration, String outcome, String resultSha256)
            implements RunEvent {

        static final String REPEAT = "repeat";
        static final String DONE = "done";
        static final String EXHAUSTED = "exhausted";
    }

    /** A fan-out agent's list was computed: one instance ({@code agent[i]}) per element, each as JSON. */
    record AgentFannedOut(String runId, String agent, List<String> items) implements RunEvent {}

    /**
     * Service instance {@code instance} drives the run from now on (spawns, schedules, finishes): the first
     * claim of a fleet, or a takeover from {@code previous}, whose heartbeat had stopped (docs/orchestration.md).
     */
    record RunClaimed(String runId, String instance, String previous) implements RunEvent {}

    /** A run ended on its own: {@code completed}, or {@code failed} naming the failed and blocked agents. */
    record RunFinished(String runId, String outcome, List<String> failedAgents, List<String> blockedAgents)
            implements RunEvent {}

    /** A run was cancelled; its running agents are terminated. */
    record RunCancelled(String runId, String reason) implements RunEvent {

        @Override
        public RunCancelled redacted() {
            return new RunCancelled(runId, Redactor.redact(reason));
        }
    }
}
