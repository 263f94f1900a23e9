package dev.toka.llm;

import java.util.Map;

/**
 * What a run's model calls have spent, in total and per agent.
 *
 * @param total   All its calls.
 * @param byAgent Each agent's calls, by agent id.
 */
public record RunUsage(Usage total, Map<String, Usage> byAgent) {

    public RunUsage {
        byAgent = Map.copyOf(byAgent);
    }

    /** What the agent {@code agentId} spent in the run. */
    public Usage ofAgent(String agentId) {
        return byAgent.getOrDefault(agentId, Usage.NONE);
    }
}
