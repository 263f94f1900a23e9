package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.security.Budget;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run as the projection follows it; mutated only by {@link RunProjection} under its lock. */
final class RunProgress {

    final String id;
    final List<List<String>> waves;
    final Budget budget;
    final String replayOf;
    final List<String> profiles;
    final Map<String, AgentProgress> agents = new LinkedHashMap<>();
    final Instant startedAt;
    String outcome;
    String cancelReason;
    Instant finishedAt;
    /** The instance that claimed the run last, or {@code null} while none did (always, outside a fleet). */
    String driver;
    long version;

    RunProgress(RunStarted started, Instant startedAt) {
        this.id = started.runId();
        this.waves = started.waves();
        this.budget = started.budget();
        this.replayOf = started.replayOf();
        this.profiles = started.profiles();
        this.startedAt = startedAt;
        started.agents().forEach(agent -> agents.put(agent.name(), new AgentProgress(agent)));
    }

    /** The plan the run started with, in launch order (a fan-out's instances are not in it: they follow from it). */
    List<PlannedAgent> plan() {
        return agents.values().stream().map(agent -> agent.plan).filter(plan -> plan.item() == null).toList();
    }

    boolean cancelled() {
        return cancelReason != null;
    }

    /** Whether the run has ended (finished or cancelled). */
    boolean ended() {
        return outcome != null;
    }
}
