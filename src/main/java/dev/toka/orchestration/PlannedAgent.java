package dev.toka.orchestration;

import dev.toka.kernel.AgentMandate;
import dev.toka.kernel.RunLink;
import dev.toka.redaction.Redactor;
import dev.toka.security.Budget;
import java.util.List;
import java.util.Objects;

/**
 * One agent of a run as recorded when the run starts, so the run can be replayed from the log alone.
 *
 * @param name         The agent's key in the spec set.
 * @param type         The agent plugin type.
 * @param timeout      The per-attempt time limit, or {@code null}.
 * @param instructions The agent's standing instructions, drawn from the spec's name, domain and objectives.
 * @param capabilities The permissions the agent acts with.
 * @param budget       The agent's spending limit on model calls, or {@code null}.
 * @param tasks        What each task tells the agent, in order.
 * @param requires     The agents that must complete first.
 */
public record PlannedAgent(String name, String type, String timeout, String instructions, List<String> capabilities,
        Budget budget, List<String> tasks, List<String> requires) {

    public PlannedAgent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        tasks = List.copyOf(tasks);
        requires = List.copyOf(requires);
    }

    /** The plan for one spec. */
    static PlannedAgent of(WorkstreamSpec spec, DependencyGraph graph) {
        return new PlannedAgent(spec.name(), spec.type(), spec.timeout(), instructionsOf(spec), spec.capabilities(),
                spec.budget(), spec.tasks().stream().map(WorkstreamSpec.TaskSpec::instructions).toList(),
                List.copyOf(graph.requires(spec.name())));
    }

    /** The plan as it is recorded: secrets masked in the instructions and tasks (docs/security.md). */
    PlannedAgent redacted() {
        return new PlannedAgent(name, type, timeout, Redactor.redact(instructions), capabilities, budget,
                tasks.stream().map(Redactor::redact).toList(), requires);
    }

    /** The mandate the agent is spawned with for {@code run}. */
    AgentMandate mandate(RunLink run) {
        return new AgentMandate(instructions, capabilities, budget, run);
    }

    /** Who the agent is and what it is for; an LLM agent's system prompt starts with this. */
    private static String instructionsOf(WorkstreamSpec spec) {
        StringBuilder text = new StringBuilder()
                .append("You are ").append(spec.displayName())
                .append(", an agent for ").append(spec.domain())
                .append(" in the ").append(spec.workstream()).append(" workstream.");
        if (!spec.objectives().isEmpty()) {
            text.append("\nObjectives:");
            spec.objectives().forEach(o -> text.append("\n- ").append(o.description())
                    .append(" (deliverable: ").append(o.deliverable()).append(')'));
        }
        return text.toString();
    }
}
