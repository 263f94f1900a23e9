package dev.toka.orchestration;

import dev.toka.kernel.InvalidOperationException;

/** Checks on a run's agents shared by the run handlers. */
final class RunAgents {

    private RunAgents() {}

    /** The agent of the run named {@code name}, failing with 400 when there is none. */
    static AgentProgress require(RunProgress run, String name) {
        AgentProgress agent = run.agents.get(name);
        if (agent == null) {
            throw new InvalidOperationException("agent", "names no agent of run " + run.id + " ('" + name + "')");
        }
        return agent;
    }

    /** The agent, failing with 409 when it was already launched, blocked, skipped or fanned out. */
    static AgentProgress requireUnstarted(RunProgress run, String name) {
        AgentProgress agent = require(run, name);
        if (agent.phase(false) != AgentPhase.PENDING) {
            throw new RunStateConflictException(run.id, "agent " + name + " is already " + agent.phase(false).wireName());
        }
        return agent;
    }
}
