package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.AgentSkipped;
import dev.toka.orchestration.RunOperation.SkipAgent;
import jakarta.inject.Singleton;

/** {@code skip-agent}: a run's agent that has not been launched will not run, by its condition. */
@Singleton
class SkipAgentHandler extends RunHandler<SkipAgent> {

    SkipAgentHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "skip-agent";
    }

    @Override
    public Class<SkipAgent> operationType() {
        return SkipAgent.class;
    }

    @Override
    Decision decide(SkipAgent operation) {
        return read(operation.run(), run -> {
            RunAgents.requireUnstarted(requireOpen(run), operation.agent());
            return onRun(run.id, run.version, new AgentSkipped(run.id, operation.agent(), operation.reason()));
        });
    }
}
