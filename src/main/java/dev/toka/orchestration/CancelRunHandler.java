package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.RunCancelled;
import dev.toka.orchestration.RunOperation.CancelRun;
import jakarta.inject.Singleton;
import java.util.Optional;

/** {@code cancel-run}: ends an open run; the engine then terminates its running agents. */
@Singleton
class CancelRunHandler extends RunHandler<CancelRun> {

    CancelRunHandler(RunProjection runs) {
        super(runs);
    }

    @Override
    public String opcode() {
        return "cancel-run";
    }

    @Override
    public Class<CancelRun> operationType() {
        return CancelRun.class;
    }

    @Override
    Decision decide(CancelRun operation) {
        return read(operation.run(), run -> onRun(run.id, requireOpen(run).version, new RunCancelled(run.id,
                Optional.ofNullable(operation.reason()).orElse("cancelled on request"))));
    }
}
