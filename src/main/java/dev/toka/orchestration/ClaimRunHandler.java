package dev.toka.orchestration;

import dev.toka.kernel.Fleet;
import dev.toka.orchestration.RunEvent.RunClaimed;
import dev.toka.orchestration.RunOperation.ClaimRun;
import jakarta.inject.Singleton;

/**
 * {@code claim-run}: this instance becomes the run's driver, the one whose engine spawns, schedules and
 * finishes for it. Refused while the current driver is alive, and once the run finished. Two instances
 * claiming at once both append at the version they saw, so the second is decided again on the first's
 * claim and refused: the log names one driver at a time.
 */
@Singleton
class ClaimRunHandler extends RunHandler<ClaimRun> {

    private final Fleet fleet;

    ClaimRunHandler(RunProjection runs, Fleet fleet) {
        super(runs);
        this.fleet = fleet;
    }

    @Override
    public String opcode() {
        return "claim-run";
    }

    @Override
    public Class<ClaimRun> operationType() {
        return ClaimRun.class;
    }

    @Override
    Decision decide(ClaimRun operation) {
        Holder holder = read(operation.run(), run -> {
            if (run.ended() && !run.cancelled()) {
                throw new RunStateConflictException(run.id, "it has already ended (" + run.outcome + ")");
            }
            return new Holder(run.driver, run.version);
        });
        if (fleet.self().equals(holder.driver())) {
            throw new RunStateConflictException(operation.run(), "this instance (" + holder.driver()
                    + ") drives it already");
        }
        // Judged outside the projection's lock: judging may wait for the fleet to catch up.
        if (!fleet.mayTakeOver(holder.driver(), runs.position())) {
            throw new RunStateConflictException(operation.run(), "instance " + holder.driver()
                    + " drives it and is alive");
        }
        return onRun(operation.run(), holder.version(), new RunClaimed(operation.run(), fleet.self(), holder.driver()));
    }

    /** Who drove the run at which version of its stream. */
    private record Holder(String driver, long version) {}
}
