package dev.toka.orchestration;

import dev.toka.Sha256;
import dev.toka.kernel.AgentMandate;
import dev.toka.kernel.RunLink;
import dev.toka.redaction.Redactor;
import dev.toka.security.Budget;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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
 * @param version      The spec's {@code metadata.version}; {@code null} in runs recorded before versions were.
 * @param specSha256   The SHA-256 of the spec's text the run was started with, or {@code null} (older runs).
 * @param flow         Its condition, loop, fan-out and output mapping; {@code null} in older runs: none.
 * @param item         For an instance of a fan-out, its element as JSON; else {@code null}.
 */
public record PlannedAgent(String name, String type, String timeout, String instructions, List<String> capabilities,
        Budget budget, List<String> tasks, List<String> requires, String version, String specSha256,
        ControlFlow flow, String item) {

    public PlannedAgent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        tasks = List.copyOf(tasks);
        requires = List.copyOf(requires);
        flow = flow == null ? ControlFlow.NONE : flow;
    }

    /** The plan for one spec in a run started with {@code profiles} (which add the spec's conditional tasks). */
    static PlannedAgent of(WorkstreamSpec spec, DependencyGraph graph, List<String> profiles) {
        return new PlannedAgent(spec.name(), spec.type(), spec.timeout(), instructionsOf(spec), spec.capabilities(),
                spec.budget(), spec.tasksFor(profiles).stream().map(WorkstreamSpec.TaskSpec::instructions).toList(),
                List.copyOf(graph.requires(spec.name())), spec.version(), spec.sha256(), spec.flow(), null);
    }

    /**
     * The version a run is pinned to: SHA-256 over its specs' {@code "name specSha256"} lines in name order, or
     * {@code null} when a spec's digest was not recorded (runs recorded before specs were hashed).
     */
    public static String specsSha256(List<PlannedAgent> plan) {
        if (plan.stream().anyMatch(agent -> agent.specSha256() == null)) {
            return null;
        }
        return Sha256.hex(plan.stream().map(agent -> agent.name() + " " + agent.specSha256()).sorted()
                .collect(Collectors.joining("\n")));
    }

    /** The plan as it is recorded: secrets masked in the instructions and tasks (docs/security.md). */
    PlannedAgent redacted() {
        return new PlannedAgent(name, type, timeout, Redactor.redact(instructions), capabilities, budget,
                tasks.stream().map(Redactor::redact).toList(), requires, version, specSha256, flow, item);
    }

    /** Instance {@code index} of this fan-out agent, working on {@code element} (JSON): a plain agent of the same spec. */
    PlannedAgent instance(int index, String element) {
        return new PlannedAgent(instanceName(name, index), type, timeout, instructions, capabilities, budget, tasks,
                requires, version, specSha256, new ControlFlow(null, null, null, flow.output()), element);
    }

    /** The name of a fan-out's instance in its run: {@code agent[3]}. */
    static String instanceName(String agent, int index) {
        return agent + "[" + index + "]";
    }

    /** Whether its tasks repeat until a condition holds. */
    boolean loops() {
        return flow.loop() != null;
    }

    /** Whether it runs as one instance per element of a list. */
    boolean fansOut() {
        return flow.fanOut() != null;
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
