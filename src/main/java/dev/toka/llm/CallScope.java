package dev.toka.llm;

import dev.toka.security.Budget;
import java.util.Objects;

/**
 * Whom a model call is made for, what it counts against, and whether it replays a recording.
 *
 * @param vault       The tenant; its agents share the vault's model-call quota.
 * @param agentId     The calling agent.
 * @param agentKey    The agent's stable name within its run (for example the spec name), or its id
 *                    when it runs outside a run; replay matches recordings by it, since agent ids
 *                    change from run to run.
 * @param runId       The run, or {@code null}.
 * @param taskId      The task the call serves, or {@code null}.
 * @param agentBudget The agent's budget, or {@code null} for none.
 * @param runBudget   The run's budget, or {@code null} for none.
 * @param replayOf    The run whose recorded answers to return instead of calling a model, or {@code null}.
 */
public record CallScope(
        String vault,
        String agentId,
        String agentKey,
        String runId,
        String taskId,
        Budget agentBudget,
        Budget runBudget,
        String replayOf) {

    public CallScope {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(agentKey, "agentKey");
    }

    /** A scope for an agent outside any run, without budgets: its key is its id. */
    public static CallScope ofAgent(String vault, String agentId) {
        return new CallScope(vault, agentId, agentId, null, null, null, null, null);
    }

    /** Whether the call is answered from a recording. */
    public boolean isReplay() {
        return replayOf != null;
    }
}
