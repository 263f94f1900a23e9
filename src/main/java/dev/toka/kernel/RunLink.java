package dev.toka.kernel;

import dev.toka.security.Budget;

/**
 * The run an agent works for, as the orchestration tells the kernel when it spawns the agent, so that
 * the layers below orchestration (agent runtime, model gateway, tools) know the run without reading it.
 *
 * @param runId     The run.
 * @param agentKey  The agent's name in the run's specs: stable across runs of the same specs, which is
 *                  what lets a replay find the recorded model calls of the same agent.
 * @param replayOf  The run whose recorded model answers this run replays, or {@code null} for a live run.
 * @param runBudget The whole run's spending limit on model calls, or {@code null}.
 */
public record RunLink(String runId, String agentKey, String replayOf, Budget runBudget) {

    void validate() {
        Limits.requireText("mandate.run.runId", runId, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireText("mandate.run.agentKey", agentKey, Limits.MAX_IDENTIFIER_BYTES);
        Limits.requireAtMost("mandate.run.replayOf", replayOf, Limits.MAX_IDENTIFIER_BYTES);
        if (runBudget != null) {
            runBudget.validate("mandate.run.runBudget");
        }
    }
}
