package dev.toka.orchestration;

import dev.toka.kernel.Kernel;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.Submission;
import dev.toka.kernel.WorldState;
import dev.toka.orchestration.RunOperation.CancelRun;
import dev.toka.orchestration.RunOperation.ReplayRun;
import dev.toka.orchestration.RunOperation.StartRun;
import dev.toka.security.Budget;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** The orchestration's entry points for the API: validate specs, start, read and cancel runs (admin only). */
@Singleton
public class Runs {

    private final Kernel kernel;
    private final RunProjection runs;
    private final Workstreams workstreams;
    private final SecurityPolicyCoordinator security;
    private final WorldState world;

    Runs(Kernel kernel, RunProjection runs, Workstreams workstreams, SecurityPolicyCoordinator security,
            WorldState world) {
        this.kernel = kernel;
        this.world = world;
        this.runs = runs;
        this.workstreams = workstreams;
        this.security = security;
    }

    /**
     * Checks a spec set without running it.
     *
     * @throws InvalidWorkstreamException with every broken rule
     */
    public SpecSet validate(Caller caller, List<SpecSource> specs) {
        security.requirePermission(caller, Permissions.ADMIN);
        return workstreams.load(specs);
    }

    /**
     * Starts a run of the specs and returns its id; the engine takes it from there.
     *
     * @param budget   The whole run's spending limit on model calls, or {@code null}.
     * @param profiles The {@code tasks.conditional} profiles whose tasks the run adds; empty for none.
     */
    public String start(Caller caller, List<SpecSource> specs, Budget budget, List<String> profiles) {
        return started(kernel.submit(caller, new StartRun(specs, budget,
                profiles == null || profiles.isEmpty() ? null : profiles)));
    }

    /**
     * Starts a replay of a run: the same plan, with every model call answered from the run's recording.
     *
     * @param budget The replay's spending limit, or {@code null} for the run's own.
     */
    public String replay(Caller caller, String runId, Budget budget) {
        return started(kernel.submit(caller, new ReplayRun(runId, budget)));
    }

    private String started(Submission submission) {
        awaitApplied(submission);
        return submission.events().get(0).streamId().substring(RunEvent.STREAM_PREFIX.length());
    }

    /** A run's current view. */
    public RunView view(Caller caller, String runId) {
        security.requirePermission(caller, Permissions.ADMIN);
        return runs.read(runId, RunView::of).orElseThrow(() -> new RunNotFoundException(runId));
    }

    /** Cancels an open run; its running agents are terminated shortly after. */
    public RunView cancel(Caller caller, String runId, String reason) {
        awaitApplied(kernel.submit(caller, new CancelRun(runId, reason)));
        return view(caller, runId);
    }

    /** The streams that hold a run's events: its own and those of the agents it launched. */
    public List<String> streamsOf(Caller caller, String runId) {
        RunView run = view(caller, runId);
        List<String> streams = new ArrayList<>();
        streams.add(RunEvent.streamOf(runId));
        run.agents().stream().filter(a -> a.agentId() != null)
                .forEach(a -> streams.add(KernelEvent.streamOf(a.agentId())));
        return streams;
    }

    /**
     * Whether an event of {@code streamId} belongs to the run. An agent's first event comes before the
     * run records its launch, so an agent also belongs to the run by its kernel name.
     */
    public boolean belongsTo(String runId, String streamId) {
        if (streamId.equals(RunEvent.streamOf(runId))) {
            return true;
        }
        if (!streamId.startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            return false;
        }
        String agentId = streamId.substring(KernelEvent.AGENT_STREAM_PREFIX.length());
        return runs.runOf(agentId).map(runId::equals).orElseGet(() -> world.agent(agentId)
                .filter(agent -> agent.name().startsWith(RunEngine.kernelNamePrefix(runId))).isPresent());
    }

    private void awaitApplied(Submission submission) {
        runs.awaitPosition(submission.events().get(submission.events().size() - 1).position());
    }
}
