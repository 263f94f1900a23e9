package dev.toka.orchestration;

import java.util.List;
import java.util.Objects;

/**
 * One agent of a run as recorded when the run starts, so the run can be replayed from the log alone.
 *
 * @param name     The agent's key in the spec set.
 * @param type     The agent plugin type.
 * @param timeout  The per-attempt time limit, or {@code null}.
 * @param tasks    What each task tells the agent, in order.
 * @param requires The agents that must complete first.
 */
public record PlannedAgent(String name, String type, String timeout, List<String> tasks, List<String> requires) {

    public PlannedAgent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        tasks = List.copyOf(tasks);
        requires = List.copyOf(requires);
    }

    /** The plan for one spec. */
    static PlannedAgent of(WorkstreamSpec spec, DependencyGraph graph) {
        return new PlannedAgent(spec.name(), spec.type(), spec.timeout(),
                spec.tasks().stream().map(WorkstreamSpec.TaskSpec::instructions).toList(),
                List.copyOf(graph.requires(spec.name())));
    }
}
