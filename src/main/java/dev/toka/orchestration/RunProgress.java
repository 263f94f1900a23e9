package dev.toka.orchestration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run as the projection follows it; mutated only by {@link RunProjection} under its lock. */
final class RunProgress {

    final String id;
    final List<List<String>> waves;
    final Map<String, AgentProgress> agents = new LinkedHashMap<>();
    final Instant startedAt;
    String outcome;
    String cancelReason;
    Instant finishedAt;
    long version;

    RunProgress(String id, List<PlannedAgent> plan, List<List<String>> waves, Instant startedAt) {
        this.id = id;
        this.waves = waves;
        this.startedAt = startedAt;
        plan.forEach(agent -> agents.put(agent.name(), new AgentProgress(agent)));
    }

    boolean cancelled() {
        return cancelReason != null;
    }

    /** Whether the run has ended (finished or cancelled). */
    boolean ended() {
        return outcome != null;
    }
}
