package dev.toka.orchestration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid set of agent specs and their dependency graph.
 *
 * @param specs The agents, in submission order.
 * @param graph Their required dependencies.
 */
public record SpecSet(List<WorkstreamSpec> specs, DependencyGraph graph) {

    public SpecSet {
        specs = List.copyOf(specs);
        Objects.requireNonNull(graph, "graph");
    }

    /** The spec of one agent. */
    public Optional<WorkstreamSpec> spec(String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
