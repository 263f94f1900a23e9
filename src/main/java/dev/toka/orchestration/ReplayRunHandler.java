package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.orchestration.RunOperation.ReplayRun;
import dev.toka.store.ExpectedVersion;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code replay-run}: records a new run with the plan of an earlier one, marked as its replay, so
 * every model call of the new run is answered from the earlier run's recording. Tools run again.
 */
@Singleton
class ReplayRunHandler extends RunHandler<ReplayRun> {

    ReplayRunHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "replay-run";
    }

    @Override
    public Class<ReplayRun> operationType() {
        return ReplayRun.class;
    }

    @Override
    Decision decide(ReplayRun operation) {
        return read(operation.source(), source -> {
            String runId = UUID.randomUUID().toString();
            // A replay of a replay answers from the same, original recording.
            String recording = Optional.ofNullable(source.replayOf).orElse(source.id);
            RunStarted started = new RunStarted(runId, source.plan(), source.waves,
                    Optional.ofNullable(operation.budget()).orElse(source.budget), recording, source.profiles);
            return new Decision(RunEvent.streamOf(runId), ExpectedVersion.noStream(), List.of(started), null);
        });
    }
}
