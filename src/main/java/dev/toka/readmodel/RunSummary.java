package dev.toka.readmodel;

import java.time.Instant;
import java.util.List;

/**
 * One run as the runs read model lists it; {@code GET /api/v1/runs/{id}} has the details.
 *
 * @param id            The run id.
 * @param state         {@code running}, {@code completed}, {@code failed} or {@code cancelled}.
 * @param specs         The names of its specs (one per agent), in launch order.
 * @param replayOf      The run it replays, or {@code null} for a live run.
 * @param startedAt     When it started.
 * @param endedAt       When it finished or was cancelled, or {@code null}.
 * @param failedAgents  The agents that failed, as the run recorded when it finished.
 * @param blockedAgents The agents that never started because a dependency failed.
 */
public record RunSummary(String id, String state, List<String> specs, String replayOf, Instant startedAt,
        Instant endedAt, List<String> failedAgents, List<String> blockedAgents) {

    static RunSummary of(RunRow row) {
        return new RunSummary(row.id, row.state, RunRow.split(row.specs), row.replayOf, row.startedAt, row.endedAt,
                RunRow.split(row.failedAgents), RunRow.split(row.blockedAgents));
    }
}
