package dev.toka.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.TokaException;
import dev.toka.kernel.TaskTimeouts;
import dev.toka.security.PermissionDeniedException;
import dev.toka.tools.ToolOutcome;
import dev.toka.tools.ToolRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code script} agent type: a task's description is a list of steps, one per line or separated
 * by {@code ;}, run in order with no model; a tool step takes its whole line, so its JSON may hold
 * {@code ;}. A step naming a tool runs it as a real tool call, as the
 * agent (checked against its mandate's capabilities, recorded, idempotent per step and attempt):
 * {@code fs.write {"path":"notes.md","content":"hello"}}. Control steps do nothing outside the agent:
 * <ul>
 *   <li>{@code echo <text>}: adds the text to the output;</li>
 *   <li>{@code sleep <duration>}: waits ({@code 500ms}, {@code 2s}, ...), cancellable;</li>
 *   <li>{@code fail <reason>}: the attempt fails;</li>
 *   <li>{@code flaky <n>}: the first {@code n} attempts fail, later ones go on;</li>
 *   <li>{@code noop}: does nothing.</li>
 * </ul>
 * A step may use the results its run hands the agent: {@code ${deps.fetch.result.items[0]}}, {@code ${item}}
 * ({@link ResultTemplates}).
 */
@Singleton
class ScriptPlugin implements AgentPlugin {

    static final String TYPE = "script";
    private static final List<String> CONTROL = List.of("echo", "sleep", "fail", "flaky", "noop");
    private static final String CONTROL_STEPS = String.join(", ", CONTROL);

    private final AgentToolCalls tools;
    private final ToolRegistry registry;
    private final ObjectMapper mapper;

    ScriptPlugin(AgentToolCalls tools, ToolRegistry registry, ObjectMapper mapper) {
        this.tools = tools;
        this.registry = registry;
        this.mapper = mapper;
    }

    @Override
    public String agentType() {
        return TYPE;
    }

    @Override
    public AgentResult execute(AgentContext context) {
        List<String> output = new ArrayList<>();
        List<Step> steps = stepsOf(context.description());
        ResultTemplates templates = new ResultTemplates(mapper, context.mandate().run());
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            if (context.cancelled()) {
                return AgentResult.failure("cancelled before step '" + step.text() + "'");
            }
            String argument;
            try {
                argument = templates.fill(step.argument(), step.tool());
            } catch (IllegalArgumentException e) {
                return AgentResult.finalFailure("step '" + step.text() + "': " + e.getMessage());
            }
            AgentResult stop;
            try {
                stop = step.tool()
                        ? callTool(step.verb(), argument, index, context, output)
                        : control(step.verb(), argument, context, output);
            } catch (IllegalArgumentException e) {
                stop = AgentResult.failure("step '" + step.text() + "': " + e.getMessage());
            }
            if (stop != null) {
                return stop;
            }
        }
        return AgentResult.success(String.join("\n", output));
    }

    /** A task whose text holds a line that is neither a step nor a tool call cannot run here. */
    @Override
    public Optional<String> problemWith(String taskText) {
        return stepsOf(taskText).stream().filter(step -> !step.tool() && !CONTROL.contains(step.verb())).findFirst()
                .map(step -> "'" + step.verb() + "' is neither a script step (" + CONTROL_STEPS
                        + ") nor a tool, so this reads as a description for a model: set spec.type: llm,"
                        + " or write script steps");
    }

    /** One step: its verb, the rest of its text, and whether the verb names a tool. */
    private record Step(String text, String verb, String argument, boolean tool) {}

    /** The steps of a description: one per line, control-step lines further split on {@code ;}. */
    private List<Step> stepsOf(String description) {
        List<Step> steps = new ArrayList<>();
        for (String line : description.split("\n")) {
            Step whole = parse(line);
            if (whole.tool()) {
                steps.add(whole);
                continue;
            }
            for (String part : line.split(";")) {
                if (!part.isBlank()) {
                    steps.add(parse(part));
                }
            }
        }
        return steps;
    }

    private Step parse(String text) {
        String step = text.strip();
        String verb = step.split("\\s+", 2)[0];
        return new Step(step, verb, step.substring(verb.length()).strip(), registry.find(verb).isPresent());
    }

    /** Runs a tool step; its output joins the task's. A refused call fails the task at once: a retry is refused too. */
    private AgentResult callTool(String toolId, String argument, int step, AgentContext context, List<String> output) {
        JsonNode input;
        try {
            input = mapper.readTree(argument.isEmpty() ? "{}" : argument);
        } catch (JsonProcessingException e) {
            return AgentResult.finalFailure("step " + step + " (" + toolId + "): the input is not JSON: "
                    + e.getOriginalMessage());
        }
        try {
            ToolOutcome outcome = tools.call(context, toolId, input, step);
            if (outcome instanceof ToolOutcome.Failed failed) {
                return AgentResult.failure("step " + step + " (" + toolId + ") failed: " + failed.reason());
            }
            output.add(toolId + ": " + ((ToolOutcome.Completed) outcome).output());
            return null;
        } catch (PermissionDeniedException e) {
            return AgentResult.finalFailure("step " + step + " (" + toolId + ") denied: " + e.getMessage());
        } catch (TokaException e) {
            return AgentResult.finalFailure("step " + step + " (" + toolId + "): " + e.getMessage());
        }
    }

    /** Runs a control step; returns the attempt's end when the step ends it, else {@code null}. */
    private static AgentResult control(String verb, String argument, AgentContext context, List<String> output) {
        switch (verb) {
            case "echo":
                output.add(argument);
                return null;
            case "noop":
                return null;
            case "sleep":
                return sleep(argument) ? null : AgentResult.failure("cancelled during 'sleep " + argument + "'");
            case "fail":
                return AgentResult.failure(argument.isEmpty() ? "the script failed" : argument);
            case "flaky":
                int failures = Integer.parseInt(argument);
                return context.attempt() <= failures ? AgentResult.failure("flaky step: attempt " + context.attempt()
                        + " of the first " + failures + " fails") : null;
            default:
                return AgentResult.failure("unknown step '" + verb + "'; known steps: " + CONTROL_STEPS
                        + ", and the tools");
        }
    }

    /** Sleeps for the duration; false when interrupted. */
    private static boolean sleep(String argument) {
        Duration duration = TaskTimeouts.parse(argument);
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
