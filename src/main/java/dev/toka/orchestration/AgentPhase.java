package dev.toka.orchestration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an agent stands within its run. */
public enum AgentPhase {
    /** Waiting for its dependencies. */
    PENDING(false),
    /** Spawned with its tasks queued, none started yet. */
    SCHEDULED(false),
    /** Working on its tasks. */
    RUNNING(false),
    /** Every task completed. */
    COMPLETED(true),
    /** A task failed for good, or the agent was terminated outside the run. */
    FAILED(true),
    /** Not started because a dependency failed or was blocked. */
    BLOCKED(true),
    /** Not started because its condition did not hold, or a dependency was skipped (docs/orchestration.md). */
    SKIPPED(true),
    /** Stopped because the run was cancelled. */
    CANCELLED(true);

    final boolean settled;

    AgentPhase(boolean settled) {
        this.settled = settled;
    }

    /** The lower-case name used in JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
