package dev.toka.orchestration;

import dev.toka.kernel.AgentView;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.OpcodeHandler;
import dev.toka.security.Caller;
import dev.toka.store.ExpectedVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the run handlers share: they are admin-only, decide on the run projection once it has caught
 * up with the kernel, and append to the run's stream at the version they saw.
 */
// Singleton beans (not proxied), so the shared constructor needs no no-args twin.
abstract class RunHandler<O extends RunOperation> implements OpcodeHandler<O> {

    final RunProjection runs;

    RunHandler(RunProjection runs) {
        this.runs = runs;
    }

    @Override
    public Requirement requirement(O operation) {
        return Requirement.adminOnly();
    }

    @Override
    public Decision decide(O operation, Optional<AgentView> target, Caller caller) {
        runs.awaitWorld();
        return decide(operation);
    }

    /** The events for the operation, given the current runs. */
    abstract Decision decide(O operation);

    /** Reads the run, failing with 404 when there is none. */
    <T> T read(String runId, Function<RunProgress, T> reader) {
        return runs.read(runId, reader).orElseThrow(() -> new RunNotFoundException(runId));
    }

    /** Appends to a run's stream, valid only while it is at {@code version}. */
    static Decision onRun(String runId, long version, RunEvent event) {
        return new Decision(RunEvent.streamOf(runId), ExpectedVersion.exactly(version), List.<KernelEvent>of(event),
                null);
    }

    /** Fails with 409 when the run has ended. */
    static RunProgress requireOpen(RunProgress run) {
        if (run.ended()) {
            throw new RunStateConflictException(run.id, "it has already ended (" + run.outcome + ")");
        }
        return run;
    }
}
