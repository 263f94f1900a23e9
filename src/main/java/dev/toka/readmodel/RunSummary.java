package dev.toka.readmodel;

import java.time.Instant;
import java.util.List;

/**
 * One run as the runs read model lists it; {@code GET /api/v1/runs/{id}} has the details.
 *
 * @param id            The run id.
 * @param state         {@code running}, {@code completed}, {@code failed} or {@code cancelled}.
 * @param specs         The names of its specs (one per agent), in launch order.
 * @param specVersions  Each spec as {@code name@version} ({@code metadata.version}), in the order of {@code specs};
 *                      just the name for a spec recorded before versions were.
 * @param specsSha256   The digest of its specs the run is pinned to, as {@code GET /api/v1/runs/{id}} shows it;
 *                      {@code null} for runs recorded before specs were hashed.
 * @param replayOf      The run it replays, or {@code null} for a live run.
 * @param startedAt     When it started.
 * @param endedAt       When it finished or was cancelled, or {@code null}.
 * @param failedAgents  The agents that failed, as the run recorded when it finished.
 * @param blockedAgents The agents that never started because a dependency failed.
 */
public record RunSummary(String id, String state, List<String> specs, List<String> specVersions, String specsSha256,
        String replayOf, Instant startedAt, Instant endedAt, List<String> failedAgents, List<String> blockedAgents) {

    static RunSummary of(RunRow row) {
        return new RunSummary(row.id, row.state, RunRow.split(row.specs), RunRow.split(row.specVersions),
                row.specsSha256, row.replayOf, row.startedAt, row.endedAt, RunRow.split(row.failedAgents),
                RunRow.split(row.blockedAgents));
    }
}
