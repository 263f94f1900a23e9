package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.orchestration.RunOperation.StartRun;
import dev.toka.store.ExpectedVersion;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** {@code start-run}: validates the specs (422 with every error) and records the run's plan. */
@Singleton
class StartRunHandler extends RunHandler<StartRun> {

    private final Workstreams workstreams;

    StartRunHandler(RunProjection runs, Workstreams workstreams) {
        super(runs);
        this.workstreams = workstreams;
    }

    @Override
    public String opcode() {
        return "start-run";
    }

    @Override
    public Class<StartRun> operationType() {
        return StartRun.class;
    }

    @Override
    Decision decide(StartRun operation) {
        SpecSet set = workstreams.load(operation.specs());
        List<String> profiles = operation.profiles() == null ? List.of() : List.copyOf(operation.profiles());
        List<SpecError> unknown = profiles.stream()
                .filter(p -> set.specs().stream().noneMatch(spec -> spec.conditional().containsKey(p)))
                .map(p -> new SpecError("(request)", "profile", "'" + p + "' is a tasks.conditional profile of no spec"))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidWorkstreamException(unknown);
        }
        List<PlannedAgent> plan = set.specs().stream()
                .sorted(Comparator.comparing(WorkstreamSpec::priority).thenComparing(WorkstreamSpec::name))
                .map(spec -> PlannedAgent.of(spec, set.graph(), profiles))
                .toList();
        String runId = UUID.randomUUID().toString();
        return new Decision(RunEvent.streamOf(runId), ExpectedVersion.noStream(), List.of(new RunStarted(runId, plan,
                set.graph().waves(), operation.budget(), null, profiles.isEmpty() ? null : profiles)), null);
    }
}
