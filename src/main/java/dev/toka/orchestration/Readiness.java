package dev.toka.orchestration;

import dev.toka.Sha256;
import dev.toka.kernel.RunLink;
import dev.toka.kernel.RunLink.RunInput;
import dev.toka.orchestration.ControlFlow.FanOut;
import dev.toka.orchestration.Expressions.InvalidExpression;
import dev.toka.orchestration.RunEngine.Step;
import dev.toka.orchestration.RunEvent.AgentIterated;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent's control flow makes of its dependencies' results, decided from the run's projection (under
 * its lock): whether a ready agent runs, is skipped or fans out; how a loop's iteration ends; and the results
 * it is handed when it is spawned.
 */
final class Readiness {

    private Readiness() {}

    /** The step for an agent whose dependencies all completed or were skipped. */
    static Step stepFor(RunProgress run, AgentProgress agent) {
        ControlFlow flow = agent.plan.flow();
        Map<String, Object> variables = Map.of("deps", depsOf(run, agent));
        String skipped = agent.plan.requires().stream()
                .filter(dep -> run.agents.get(dep).phase(false) == AgentPhase.SKIPPED).findFirst().orElse(null);
        try {
            if (flow.when() == null && skipped != null) {
                return new Step.Skip(agent.plan.name(), "dependency '" + skipped + "' was skipped");
            }
            if (flow.when() != null && !Expressions.holds(flow.when(), variables)) {
                return new Step.Skip(agent.plan.name(), "its condition " + flow.when() + " does not hold");
            }
            return flow.fanOut() == null ? new Step.Launch(agent.plan, 0, agent.expectedTasks())
                    : fanOut(agent.plan.name(), flow.fanOut(), variables);
        } catch (InvalidExpression e) {
            return new Step.Block(agent.plan.name(), e.getMessage());
        }
    }

    private static Step fanOut(String agent, FanOut fanOut, Map<String, Object> variables) {
        Object items = Expressions.valueOf(fanOut.items(), variables);
        if (!(items instanceof List<?> list)) {
            return new Step.Block(agent, "fan_out.items " + fanOut.items() + " gave no list");
        }
        if (list.size() > fanOut.maxItems()) {
            return new Step.Block(agent, "fan_out.items " + fanOut.items() + " gave " + list.size()
                    + " elements, more than max_items " + fanOut.maxItems());
        }
        return new Step.FanOut(agent, list.stream().map(JsonValues::jsonOf).toList());
    }

    /**
     * How a loop's finished iteration ends: {@code done} when its condition holds, {@code exhausted} at the
     * maximum, else {@code repeat}. A condition that cannot be evaluated does not hold.
     */
    static String loopOutcome(RunProgress run, AgentProgress agent) {
        ControlFlow.Loop loop = agent.plan.flow().loop();
        Map<String, Object> variables = Map.of("deps", depsOf(run, agent), "result",
                JsonValues.ofResult(agent.result()), "iteration", (long) agent.iterations);
        boolean held;
        try {
            held = Expressions.holds(loop.until(), variables);
        } catch (InvalidExpression e) {
            held = false;
        }
        return held ? AgentIterated.DONE
                : agent.iterations >= loop.maxIterations() ? AgentIterated.EXHAUSTED : AgentIterated.REPEAT;
    }

    /** What the agent's run tells it at spawn: the run, and its dependencies' results labelled with their names. */
    static RunLink linkFor(RunProgress run, PlannedAgent agent) {
        List<RunInput> inputs = agent.requires().stream()
                .map(dep -> new RunInput(dep, handedOn(run.agents.get(dep)))).toList();
        return new RunLink(run.id, agent.name(), run.replayOf, run.budget, inputs, agent.item());
    }

    /** A result as handed to a dependent: whole up to {@link RunLink#MAX_INPUT_BYTES}, else by its digest. */
    private static String handedOn(AgentProgress dependency) {
        String result = dependency.result();
        if (result == null || result.getBytes(StandardCharsets.UTF_8).length <= RunLink.MAX_INPUT_BYTES) {
            return result;
        }
        return "(result of " + result.getBytes(StandardCharsets.UTF_8).length + " bytes, too large to hand on;"
                + " sha256 " + Sha256.hex(result) + ", see the run view)";
    }

    /** The {@code deps} variable: each dependency's {@code result} (a value) and {@code state}. */
    private static Map<String, Object> depsOf(RunProgress run, AgentProgress agent) {
        Map<String, Object> deps = new LinkedHashMap<>();
        for (String dep : agent.plan.requires()) {
            AgentProgress dependency = run.agents.get(dep);
            deps.put(dep, Map.of("result", JsonValues.ofResult(dependency.result()),
                    "state", dependency.phase(false).wireName()));
        }
        return deps;
    }
}
