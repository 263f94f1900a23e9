package dev.toka.orchestration;

import dev.toka.kernel.InvalidOperationException;
import dev.toka.kernel.RunLink;
import dev.toka.orchestration.RunEvent.AgentFannedOut;
import dev.toka.orchestration.RunOperation.FanOutAgent;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/** {@code fan-out-agent}: records the list a run's fan-out agent runs one instance per element of, once. */
@Singleton
class FanOutAgentHandler extends RunHandler<FanOutAgent> {

    FanOutAgentHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "fan-out-agent";
    }

    @Override
    public Class<FanOutAgent> operationType() {
        return FanOutAgent.class;
    }

    @Override
    Decision decide(FanOutAgent operation) {
        return read(operation.run(), run -> {
            AgentProgress agent = RunAgents.requireUnstarted(requireOpen(run), operation.agent());
            if (!agent.plan.fansOut() || operation.items().size() > agent.plan.flow().fanOut().maxItems()) {
                throw new InvalidOperationException("items", "agent " + operation.agent()
                        + " fans out over at most " + (agent.plan.fansOut() ? agent.plan.flow().fanOut().maxItems() : 0)
                        + " elements");
            }
            if (operation.items().stream().anyMatch(item -> item == null
                    || item.getBytes(StandardCharsets.UTF_8).length > RunLink.MAX_INPUT_BYTES)) {
                throw new InvalidOperationException("items", "each element must be JSON of at most "
                        + RunLink.MAX_INPUT_BYTES + " bytes");
            }
            return onRun(run.id, run.version, new AgentFannedOut(run.id, operation.agent(), operation.items()));
        });
    }
}
