package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.AgentBlocked;
import dev.toka.orchestration.RunOperation.BlockAgent;
import jakarta.inject.Singleton;

/** {@code block-agent}: a run's agent that has not been launched will not be. */
@Singleton
class BlockAgentHandler extends RunHandler<BlockAgent> {

    BlockAgentHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "block-agent";
    }

    @Override
    public Class<BlockAgent> operationType() {
        return BlockAgent.class;
    }

    @Override
    Decision decide(BlockAgent operation) {
        return read(operation.run(), run -> {
            RunAgents.requireUnstarted(requireOpen(run), operation.agent());
            return onRun(run.id, run.version, new AgentBlocked(run.id, operation.agent(), operation.reason()));
        });
    }
}
