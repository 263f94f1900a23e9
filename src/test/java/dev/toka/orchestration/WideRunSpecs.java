package dev.toka.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The specs of a wide run for benchmarks: one root, every other agent beside each other after it, one sink. */
public final class WideRunSpecs {

    private WideRunSpecs() {
    }

    /**
     * @param agents How many agents in all (at least three).
     * @param step   The one script step each agent's task runs.
     * @return The specs, as JSON-ready maps.
     */
    public static List<Map<String, Object>> of(int agents, String step) {
        List<Map<String, Object>> specs = new ArrayList<>();
        List<String> middle = new ArrayList<>();
        specs.add(agent("root", List.of(), step));
        for (int i = 1; i < agents - 1; i++) {
            middle.add("worker-" + i);
            specs.add(agent("worker-" + i, List.of("root"), step));
        }
        specs.add(agent("sink", middle, step));
        return specs;
    }

    private static Map<String, Object> agent(String name, List<String> requires, String step) {
        return Map.of(
                "metadata", Map.of("name", name, "version", "v1", "workstream", "bench"),
                "spec", Map.of("name", name, "domain", "bench", "priority", "medium"),
                "tasks", Map.of("default", List.of(Map.of("description", step, "priority", "medium",
                        "steps", List.of(step)))),
                "dependencies", Map.of("required", requires.stream().map(d -> Map.of(d, "bench")).toList()));
    }
}
