package dev.toka.console;

import dev.toka.orchestration.AgentPhase;
import dev.toka.orchestration.RunView;
import dev.toka.orchestration.RunView.AgentRunView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A run drawn as its dependency graph: one column per wave, one box per agent in its state's colour,
 * with what it waits for, its progress, its duration and why it failed or is blocked.
 *
 * @param id             The run id.
 * @param state          The run's state.
 * @param duration       How long it ran (or has run so far), for reading.
 * @param cancelReason   Why it was cancelled, or {@code null}.
 * @param replayOf       The run it replays, or {@code null}.
 * @param ended          Whether it has ended (no cancel button, no live updates).
 * @param waves          The waves, in order.
 * @param counts         How many agents are in each state, in the states' order.
 * @param problems       The failed and blocked agents with their reasons.
 */
record RunGraph(String id, String state, String duration, String cancelReason, String replayOf, boolean ended,
        List<Wave> waves, List<Count> counts, List<Node> problems) {

    /** One wave: agents whose dependencies all lie in earlier waves. */
    record Wave(int number, List<Node> nodes) {}

    /**
     * One agent of the run.
     *
     * @param name      Its name in the specs.
     * @param agentId   The kernel agent, once launched (its page shows its timeline).
     * @param state     Its phase, lower case (the CSS class that colours it).
     * @param reason    Why it failed or is blocked, or {@code null}.
     * @param requires  What it waits for.
     * @param completed Tasks completed.
     * @param tasks     Tasks in all.
     * @param duration  From its first task's start to its end (or now), or empty before it started.
     */
    record Node(String name, String agentId, String state, String reason, List<String> requires, int completed,
            int tasks, String duration) {}

    /** How many agents are in one state. */
    record Count(String state, long agents) {}

    static RunGraph of(RunView run, Instant now) {
        Map<String, Node> nodes = run.agents().stream().map(agent -> node(agent, now))
                .collect(Collectors.toMap(Node::name, Function.identity()));
        List<Wave> waves = new ArrayList<>();
        for (List<String> names : run.waves()) {
            waves.add(new Wave(waves.size() + 1, names.stream().map(nodes::get).toList()));
        }
        Map<AgentPhase, Long> byPhase = new EnumMap<>(AgentPhase.class);
        run.agents().forEach(agent -> byPhase.merge(agent.state(), 1L, Long::sum));
        List<Count> counts = byPhase.entrySet().stream()
                .map(entry -> new Count(entry.getKey().wireName(), entry.getValue())).toList();
        List<Node> problems = run.agents().stream().filter(agent -> agent.reason() != null)
                .map(agent -> nodes.get(agent.name())).toList();
        return new RunGraph(run.id(), run.state(), readable(Duration.ofMillis(run.durationMillis())), run.cancelReason(),
                run.replayOf(), run.finishedAt() != null, waves, counts, problems);
    }

    private static Node node(AgentRunView agent, Instant now) {
        String duration = agent.startedAt() == null ? ""
                : readable(Duration.between(agent.startedAt(), agent.finishedAt() != null ? agent.finishedAt() : now));
        return new Node(agent.name(), agent.agentId(), agent.state().wireName(), agent.reason(), agent.requires(),
                agent.completedTasks(), agent.tasks(), duration);
    }

    /** A duration as a person reads it: 850 ms, 4.2 s, 3 min 5 s. */
    static String readable(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
    }
}
