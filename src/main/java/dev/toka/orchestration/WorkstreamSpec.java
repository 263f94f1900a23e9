package dev.toka.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.security.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One agent of a workstream, as loaded from the Toka YAML format.
 *
 * @param file         Where it came from.
 * @param name         {@code metadata.name}, the agent's key within the set.
 * @param workstream   {@code metadata.workstream}.
 * @param displayName  {@code spec.name}.
 * @param domain       {@code spec.domain}.
 * @param priority     {@code spec.priority}.
 * @param type         {@code spec.type}, the agent plugin type (default {@code script}).
 * @param timeout      {@code security.resource_limits.timeout}, or {@code null}.
 * @param objectives   {@code objectives}, in order.
 * @param capabilities {@code security.capabilities_required}: the permissions the agent acts with.
 * @param budget       {@code security.budget}: the agent's spending limit on model calls, or {@code null}.
 * @param tasks        {@code tasks.default}, in order.
 * @param required     {@code dependencies.required}: agent name to reason.
 * @param optional     {@code dependencies.optional}: agent name to reason; informational.
 * @param extensions   Top-level keys this format does not define, and {@code reporting}, kept opaque.
 * @param version      {@code metadata.version}.
 * @param sha256       The SHA-256 of the spec's text as submitted: the version a run of it is pinned to.
 * @param flow         Its conditions, loop, fan-out and output mapping.
 * @param conditional  {@code tasks.conditional}: profile to the tasks a run started with that profile adds.
 */
public record WorkstreamSpec(
        String file,
        String name,
        String workstream,
        String displayName,
        String domain,
        TaskPriority priority,
        String type,
        String timeout,
        List<Objective> objectives,
        List<String> capabilities,
        Budget budget,
        List<TaskSpec> tasks,
        Map<String, String> required,
        Map<String, String> optional,
        Map<String, JsonNode> extensions,
        String version,
        String sha256,
        ControlFlow flow,
        Map<String, List<TaskSpec>> conditional) {

    public WorkstreamSpec {
        objectives = List.copyOf(objectives);
        capabilities = List.copyOf(capabilities);
        tasks = List.copyOf(tasks);
        required = Map.copyOf(required);
        optional = Map.copyOf(optional);
        extensions = Map.copyOf(extensions);
        conditional = Map.copyOf(conditional);
    }

    /** The tasks a run with {@code profiles} gives the agent: the default ones, then each profile's in order. */
    public List<TaskSpec> tasksFor(List<String> profiles) {
        List<TaskSpec> all = new ArrayList<>(tasks);
        profiles.forEach(profile -> all.addAll(conditional.getOrDefault(profile, List.of())));
        return all;
    }

    /**
     * What an agent is to achieve.
     *
     * @param description What.
     * @param deliverable What it hands over.
     */
    public record Objective(String description, String deliverable) {}

    /**
     * One task of an agent.
     *
     * @param description What to do.
     * @param priority    Its priority.
     * @param steps       Structured steps for the {@code script} type; empty when the description holds them.
     */
    public record TaskSpec(String description, TaskPriority priority, List<String> steps) {

        public TaskSpec {
            steps = List.copyOf(steps);
        }

        /** What the agent is given: the steps one per line when there are some, else the description. */
        public String instructions() {
            return steps.isEmpty() ? description : String.join("\n", steps);
        }
    }
}
