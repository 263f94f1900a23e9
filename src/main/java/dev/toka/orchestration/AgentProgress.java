package dev.toka.orchestration;

import java.time.Instant;

/** One agent of a run as the projection follows it; mutated only by {@link RunProjection} under its lock. */
final class AgentProgress {

    final PlannedAgent plan;
    String agentId;
    String blockedReason;
    String failureReason;
    int scheduled;
    int started;
    int completed;
    int failed;
    int cancelled;
    Instant startedAt;
    Instant finishedAt;

    AgentProgress(PlannedAgent plan) {
        this.plan = plan;
    }

    AgentPhase phase(boolean runCancelled) {
        if (blockedReason != null) {
            return AgentPhase.BLOCKED;
        }
        if (agentId == null) {
            return runCancelled ? AgentPhase.CANCELLED : AgentPhase.PENDING;
        }
        if (failed > 0) {
            return AgentPhase.FAILED;
        }
        if (cancelled > 0) {
            return runCancelled ? AgentPhase.CANCELLED : AgentPhase.FAILED;
        }
        if (completed == plan.tasks().size()) {
            return AgentPhase.COMPLETED;
        }
        return started > 0 ? AgentPhase.RUNNING : AgentPhase.SCHEDULED;
    }

    /** Whether nothing more will happen to this agent in its run. */
    boolean settled(boolean runCancelled) {
        return phase(runCancelled).settled;
    }
}
