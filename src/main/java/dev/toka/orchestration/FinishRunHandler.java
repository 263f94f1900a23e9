package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.RunFinished;
import dev.toka.orchestration.RunOperation.FinishRun;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code finish-run}: once every agent has settled, the run ends {@code completed} or {@code failed}. */
@Singleton
class FinishRunHandler extends RunHandler<FinishRun> {

    FinishRunHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "finish-run";
    }

    @Override
    public Class<FinishRun> operationType() {
        return FinishRun.class;
    }

    @Override
    Decision decide(FinishRun operation) {
        return read(operation.run(), run -> {
            requireOpen(run);
            if (!run.agents.values().stream().allMatch(a -> a.settled(false))) {
                throw new RunStateConflictException(run.id, "some agents have not finished");
            }
            List<String> failed = namesIn(run, AgentPhase.FAILED);
            List<String> blocked = namesIn(run, AgentPhase.BLOCKED);
            String outcome = failed.isEmpty() && blocked.isEmpty() ? "completed" : "failed";
            return onRun(run.id, run.version, new RunFinished(run.id, outcome, failed, blocked));
        });
    }

    private static List<String> namesIn(RunProgress run, AgentPhase phase) {
        return run.agents.values().stream().filter(a -> a.phase(false) == phase).map(a -> a.plan.name()).toList();
    }
}
