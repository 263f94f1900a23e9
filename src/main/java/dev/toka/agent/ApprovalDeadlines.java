package dev.toka.agent;

import dev.toka.kernel.AgentStateConflictException;
import dev.toka.kernel.DecideApproval;
import dev.toka.kernel.Fleet;
import dev.toka.kernel.Kernel;
import dev.toka.kernel.WorldState;
import dev.toka.kernel.WorldState.AwaitedApproval;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Expires the approvals nobody answered in time ({@code toka.agent.approval-timeout}), for the agents this
 * instance runs: the expiry is recorded, and the task's next attempt fails with that reason. Every check reads
 * the world state, a projection of the log, so a restart loses no deadline.
 */
@Singleton
class ApprovalDeadlines {

    private final AgentConfig config;
    private final WorldState world;
    private final Kernel kernel;
    private final Fleet fleet;
    private final Clock clock;

    ApprovalDeadlines(AgentConfig config, WorldState world, Kernel kernel, Fleet fleet, Clock clock) {
        this.config = config;
        this.world = world;
        this.kernel = kernel;
        this.fleet = fleet;
        this.clock = clock;
    }

    @Scheduled(every = "${toka.agent.approval-check-interval:PT5S}", delayed = "${toka.agent.approval-check-interval:PT5S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireOverdue() {
        if (!config.enabled() || !world.isCaughtUp()) {
            return;
        }
        Instant now = clock.instant();
        for (AwaitedApproval awaited : world.approvals()) {
            if (awaited.approval().pending() && !now.isBefore(awaited.approval().expiresAt())
                    && fleet.owns(awaited.agent().id())) {
                try {
                    kernel.submit(TaskRunner.RUNTIME, new DecideApproval(awaited.agent().id(),
                            awaited.approval().approvalId(), DecideApproval.Decision.EXPIRE, null, null, null));
                } catch (AgentStateConflictException decidedMeanwhile) {
                    // a person's decision, or another instance, came first
                }
            }
        }
    }
}
