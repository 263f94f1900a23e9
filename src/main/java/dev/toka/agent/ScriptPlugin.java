package dev.toka.agent;

import dev.toka.kernel.TaskTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code script} agent type: a task's description is a list of steps, one per line or separated
 * by {@code ;}, run in order with no model. Until the tools land it knows these steps:
 * <ul>
 *   <li>{@code echo <text>}: adds the text to the output;</li>
 *   <li>{@code sleep <duration>}: waits ({@code 500ms}, {@code 2s}, ...), cancellable;</li>
 *   <li>{@code fail <reason>}: the attempt fails;</li>
 *   <li>{@code flaky <n>}: the first {@code n} attempts fail, later ones go on;</li>
 *   <li>{@code noop}: does nothing.</li>
 * </ul>
 */
@ApplicationScoped
class ScriptPlugin implements AgentPlugin {

    static final String TYPE = "script";
    private static final String KNOWN_STEPS = "echo, sleep, fail, flaky, noop";

    @Override
    public String agentType() {
        return TYPE;
    }

    @Override
    public AgentResult execute(AgentContext context) {
        List<String> output = new ArrayList<>();
        for (String step : context.description().split("[;\\n]")) {
            String line = step.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (context.cancelled()) {
                return AgentResult.failure("cancelled before step '" + line + "'");
            }
            String verb = line.split("\\s+", 2)[0];
            String argument = line.substring(verb.length()).strip();
            AgentResult stop;
            try {
                stop = run(verb, argument, context, output);
            } catch (IllegalArgumentException e) {
                stop = AgentResult.failure("step '" + line + "': " + e.getMessage());
            }
            if (stop != null) {
                return stop;
            }
        }
        return AgentResult.success(String.join("\n", output));
    }

    /** Runs one step; returns the attempt's end when the step ends it, else {@code null}. */
    private static AgentResult run(String verb, String argument, AgentContext context, List<String> output) {
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
                return AgentResult.failure("unknown step '" + verb + "'; known steps: " + KNOWN_STEPS);
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
