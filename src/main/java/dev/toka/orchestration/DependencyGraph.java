package dev.toka.orchestration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The required dependencies between the agents of a spec set: checked for unknown names and cycles,
 * and split into waves (wave 0 needs nothing, wave n needs only earlier waves) for display.
 */
public final class DependencyGraph {

    private final Map<String, Set<String>> requires;
    private final Map<String, Set<String>> dependents;
    private final List<List<String>> waves;

    private DependencyGraph(Map<String, Set<String>> requires, Map<String, Set<String>> dependents,
            List<List<String>> waves) {
        this.requires = requires;
        this.dependents = dependents;
        this.waves = waves;
    }

    /**
     * The graph of the specs, or the errors that prevent it: each unknown dependency names both agents,
     * each cycle names its agents in order.
     */
    static DependencyGraph of(List<WorkstreamSpec> specs, List<SpecError> errors) {
        Map<String, WorkstreamSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        Map<String, Set<String>> requires = new LinkedHashMap<>();
        Map<String, Set<String>> dependents = new HashMap<>();
        byName.keySet().forEach(name -> dependents.put(name, new TreeSet<>()));
        for (WorkstreamSpec spec : specs) {
            Set<String> deps = new TreeSet<>();
            for (String dep : spec.required().keySet()) {
                if (byName.containsKey(dep)) {
                    deps.add(dep);
                    dependents.get(dep).add(spec.name());
                } else {
                    errors.add(new SpecError(spec.file(), "dependencies.required." + dep, "agent '" + spec.name()
                            + "' depends on agent '" + dep + "', which is not in the set"));
                }
            }
            requires.put(spec.name(), deps);
        }
        new CycleFinder(requires).cycles().forEach(cycle -> errors.add(new SpecError(
                byName.get(cycle.get(0)).file(), "dependencies.required",
                "dependency cycle: " + String.join(" -> ", cycle))));
        return new DependencyGraph(requires, dependents, waves(requires));
    }

    /** The agents each wave holds, sorted by name; meaningful only for a graph without cycles. */
    public List<List<String>> waves() {
        return waves;
    }

    /** The agents {@code agent} needs to have completed. */
    public Set<String> requires(String agent) {
        return requires.getOrDefault(agent, Set.of());
    }

    /** The agents that need {@code agent}. */
    public Set<String> dependents(String agent) {
        return dependents.getOrDefault(agent, Set.of());
    }

    private static List<List<String>> waves(Map<String, Set<String>> requires) {
        Map<String, Integer> waveOf = new HashMap<>();
        List<List<String>> waves = new ArrayList<>();
        boolean progress = true;
        while (progress && waveOf.size() < requires.size()) {
            progress = false;
            List<String> wave = new ArrayList<>();
            for (Map.Entry<String, Set<String>> e : requires.entrySet()) {
                if (!waveOf.containsKey(e.getKey()) && waveOf.keySet().containsAll(e.getValue())) {
                    wave.add(e.getKey());
                }
            }
            if (!wave.isEmpty()) {
                Collections.sort(wave);
                wave.forEach(name -> waveOf.put(name, waves.size()));
                waves.add(List.copyOf(wave));
                progress = true;
            }
        }
        return List.copyOf(waves);
    }

    /** Depth-first search that reports each cycle once, as a closed path {@code a -> b -> a}. */
    private static final class CycleFinder {

        private final Map<String, Set<String>> requires;
        private final Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        private final List<String> path = new ArrayList<>();
        private final List<List<String>> cycles = new ArrayList<>();

        CycleFinder(Map<String, Set<String>> requires) {
            this.requires = requires;
        }

        List<List<String>> cycles() {
            requires.keySet().forEach(this::visit);
            return cycles;
        }

        private void visit(String node) {
            Integer seen = state.get(node);
            if (seen != null) {
                if (seen == 1) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
                    cycle.add(node);
                    cycles.add(cycle);
                }
                return;
            }
            state.put(node, 1);
            path.add(node);
            requires.getOrDefault(node, Set.of()).forEach(this::visit);
            path.remove(path.size() - 1);
            state.put(node, 2);
        }
    }
}
