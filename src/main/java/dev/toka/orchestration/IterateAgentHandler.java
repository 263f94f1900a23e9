package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.AgentIterated;
import dev.toka.orchestration.RunOperation.IterateAgent;
import jakarta.inject.Singleton;

/** {@code iterate-agent}: records how the current iteration of a run's looping agent ended, once. */
@Singleton
class IterateAgentHandler extends RunHandler<IterateAgent> {

    IterateAgentHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "iterate-agent";
    }

    @Override
    public Class<IterateAgent> operationType() {
        return IterateAgent.class;
    }

    @Override
    Decision decide(IterateAgent operation) {
        return read(operation.run(), run -> {
            AgentProgress agent = RunAgents.require(requireOpen(run), operation.agent());
            if (!agent.awaitsLoopDecision() || agent.iterations != operation.iteration()) {
                throw new RunStateConflictException(run.id, "agent " + operation.agent() + " has no finished iteration "
                        + operation.iteration() + " awaiting its loop's decision");
            }
            return onRun(run.id, run.version, new AgentIterated(run.id, operation.agent(), operation.iteration(),
                    operation.outcome(), agent.resultSha256()));
        });
    }
}
