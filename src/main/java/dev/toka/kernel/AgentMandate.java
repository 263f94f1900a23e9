package dev.toka.kernel;

import dev.toka.redaction.Redactor;
import dev.toka.security.Budget;
import dev.toka.security.Permissions;
import java.util.List;

/**
 * What an agent is told and allowed when it acts on its own: its standing instructions (an LLM agent's
 * system prompt), the capabilities its tool and model calls are checked against, its spending limit,
 * and the run it works for. Fixed at spawn; capabilities can only narrow what the spawner holds.
 *
 * @param instructions Standing instructions, or {@code null}.
 * @param capabilities Permissions the agent acts with, for example {@code tool:fs.write}; empty: none.
 * @param budget       Its spending limit on model calls, or {@code null}.
 * @param run          The run it works for, or {@code null}; set only by the orchestration (admin).
 */
public record AgentMandate(String instructions, List<String> capabilities, Budget budget, RunLink run) {

    /** Longest standing instructions, in UTF-8 bytes. */
    public static final int MAX_INSTRUCTIONS_BYTES = 16_384;

    /** An agent told nothing and allowed nothing: what agents spawned without a mandate get. */
    public static final AgentMandate NONE = new AgentMandate(null, List.of(), null, null);

    public AgentMandate {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /** The mandate as recorded: secrets masked in its instructions and in the results its run hands on. */
    AgentMandate redacted() {
        return new AgentMandate(Redactor.redact(instructions), capabilities, budget, run == null ? null : run.redacted());
    }

    void validate() {
        Limits.requireAtMost("mandate.instructions", instructions, MAX_INSTRUCTIONS_BYTES);
        if (capabilities.size() > Permissions.MAX_COUNT) {
            throw new InvalidOperationException("mandate.capabilities",
                    "must hold at most " + Permissions.MAX_COUNT + " permissions");
        }
        for (int i = 0; i < capabilities.size(); i++) {
            String problem = Permissions.problemWith(capabilities.get(i));
            if (problem != null) {
                throw new InvalidOperationException("mandate.capabilities[" + i + "]", problem);
            }
        }
        if (budget != null) {
            budget.validate("mandate.budget");
        }
        if (run != null) {
            run.validate();
        }
    }
}
