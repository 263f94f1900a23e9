package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.AgentLaunched;
import dev.toka.orchestration.RunOperation.LaunchAgent;
import jakarta.inject.Singleton;

/** {@code launch-agent}: links a run's agent to its kernel agent, once. */
@Singleton
class LaunchAgentHandler extends RunHandler<LaunchAgent> {

    LaunchAgentHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "launch-agent";
    }

    @Override
    public Class<LaunchAgent> operationType() {
        return LaunchAgent.class;
    }

    @Override
    Decision decide(LaunchAgent operation) {
        return read(operation.run(), run -> {
            RunAgents.requireUnstarted(requireOpen(run), operation.agent());
            return onRun(run.id, run.version, new AgentLaunched(run.id, operation.agent(), operation.agentId()));
        });
    }
}
