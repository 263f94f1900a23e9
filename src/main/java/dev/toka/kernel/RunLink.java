package dev.toka.kernel;

import dev.toka.redaction.Redactor;
import dev.toka.security.Budget;
import java.util.List;

/**
 * The run an agent works for, as the orchestration tells the kernel when it spawns the agent, so that
 * the layers below orchestration (agent runtime, model gateway, tools) know the run without reading it.
 *
 * @param runId     The run.
 * @param agentKey  The agent's name in the run's specs: stable across runs of the same specs, which is
 *                  what lets a replay find the recorded model calls of the same agent.
 * @param replayOf  The run whose recorded model answers this run replays, or {@code null} for a live run.
 * @param runBudget The whole run's spending limit on model calls, or {@code null}.
 * @param inputs    The results of the agents it depends on, in name order, or {@code null} when it depends on none.
 * @param item      The element of a fan-out this instance works on, as JSON, or {@code null}.
 */
public record RunLink(String runId, String agentKey, String replayOf, Budget runBudget, List<RunInput> inputs,
        String item) {

    /** Most inputs an agent is handed. */
    public static final int MAX_INPUTS = 100;
    /** Longest input or fan-out item, in UTF-8 bytes; a larger result is handed on as a reference to its artifact. */
    public static final int MAX_INPUT_BYTES = 65_536;

    public RunLink {
        inputs = inputs == null || inputs.isEmpty() ? null : List.copyOf(inputs);
    }

    /** A link without inputs. */
    public RunLink(String runId, String agentKey, String replayOf, Budget runBudget) {
        this(runId, agentKey, replayOf, runBudget, null, null);
    }

    /**
     * The result of one agent this agent depends on.
     *
     * @param agent  The agent that produced it (its name in the run).
     * @param result Its result: text or JSON; {@code null} when that agent was skipped.
     */
    public record RunInput(String agent, String result) {}

    /** The inputs, never {@code null}. */
    public List<RunInput> inputsOrNone() {
        return inputs == null ? List.of() : inputs;
    }

    /** The link as recorded: secrets in the handed-on results masked, as they were in the producers' events. */
    RunLink redacted() {
        return new RunLink(runId, agentKey, replayOf, runBudget, inputs == null ? null : inputs.stream()
                .map(input -> new RunInput(input.agent(), Redactor.redact(input.result()))).toList(),
                Redactor.redact(item));
    }

    void validate() {
        Limits.requireText("mandate.run.runId", runId, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("mandate.run.agentKey", agentKey, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAtMost("mandate.run.replayOf", replayOf, Limits.MAX_IDENTIFIER_BYTES);
        if (runBudget != null) {
            runBudget.validate("mandate.run.runBudget");
        }
        Limits.requireAtMost("mandate.run.item", item, MAX_INPUT_BYTES);
        List<RunInput> all = inputsOrNone();
        if (all.size() > MAX_INPUTS) {
            throw new InvalidOperationException("mandate.run.inputs", "must hold at most " + MAX_INPUTS + " inputs");
        }
        for (int i = 0; i < all.size(); i++) {
            Limits.requireText("mandate.run.inputs[" + i + "].agent", all.get(i).agent(), Limits.MAX_IDENTIFIER_BYTES);
            Limits.requireAtMost("mandate.run.inputs[" + i + "].result", all.get(i).result(), MAX_INPUT_BYTES);
        }
    }
}
