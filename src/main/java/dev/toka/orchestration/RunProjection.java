package dev.toka.orchestration;

import dev.toka.bus.Projection;
import dev.toka.bus.SnapshotForm;
import dev.toka.bus.Startable;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.kernel.KernelEvent.TaskTimedOut;
import dev.toka.kernel.KernelConfig;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.WorldState;
import dev.toka.orchestration.RunEvent.AgentBlocked;
import dev.toka.orchestration.RunEvent.AgentFannedOut;
import dev.toka.orchestration.RunEvent.AgentIterated;
import dev.toka.orchestration.RunEvent.AgentSkipped;
import dev.toka.orchestration.RunEvent.AgentLaunched;
import dev.toka.orchestration.RunEvent.RunCancelled;
import dev.toka.orchestration.RunEvent.RunClaimed;
import dev.toka.orchestration.RunEvent.RunFinished;
import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The runs: a projection of the {@code run-*} streams and of the streams of the agents the runs
 * launched, rebuilt from the log at start and then kept current from the bus, on its own thread; never
 * written any other way. Who must read their own write waits for its position ({@link #awaitPosition}).
 *
 * <p>It holds the runs the engine may still act on, so its size follows the live state rather than the history:
 * a run leaves it once it has ended and none of its agents is left to stop, and is read back from the log when
 * asked for ({@link RetiredRuns}); only the number of runs it let go stays, per outcome.
 */
@Singleton
public class RunProjection extends Projection {

    private final EventCodec codec;
    private final WorldState world;
    private final Map<String, RunProgress> runs = new HashMap<>();
    /** Kernel agent id to its run and name within the run. */
    private final Map<String, AgentProgress> launched = new HashMap<>();
    private final Map<String, String> runOfAgent = new HashMap<>();
    /** How many runs it let go, by outcome. */
    private final Map<String, Long> retired = new HashMap<>();
    /** Whether it lets ended runs go: not when it folds one retired run back from the log ({@link #folding}). */
    private final boolean letsGo;
    private final RetiredRuns retiredRuns;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Inject
    public RunProjection(EventCodec codec, WorldState world, KernelConfig config, EventStore store) {
        super("run projection", Delivery.QUEUED, config.answerTimeout());
        this.codec = codec;
        this.world = world;
        this.letsGo = true;
        this.retiredRuns = new RetiredRuns(store, codec);
    }

    private RunProjection(EventCodec codec) {
        super("run fold", Delivery.QUEUED, Duration.ZERO);
        this.codec = codec;
        this.world = null;
        this.letsGo = false;
        this.retiredRuns = null;
    }

    /** A projection of no stream of its own, fed the events of one run to read it back from the log. */
    static RunProjection folding(EventCodec codec) {
        return new RunProjection(codec);
    }

    /** It waits for the world state's position ({@link #awaitWorld}). */
    @Override
    public Set<Class<? extends Startable>> dependsOn() {
        return Set.of(WorldState.class);
    }

    @Override
    public Optional<SnapshotForm<?>> snapshotForm() {
        // Version 3: with results, skips, loops and fan-outs (3); the runs it let go only as a number (2).
        return Optional.of(SnapshotForm.of(3, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private synchronized Snapshot snapshot() {
        Map<String, RunState> states = new HashMap<>();
        runs.values().forEach(run -> states.put(run.id, RunState.of(run)));
        return new Snapshot(states, Map.copyOf(retired));
    }

    private synchronized void restoreSnapshot(Snapshot state) {
        state.runs().values().forEach(this::restore);
        retired.putAll(state.retired());
    }

    private void restore(RunState state) {
        RunProgress run = new RunProgress(state.started(), state.startedAt());
        run.outcome = state.outcome();
        run.cancelReason = state.cancelReason();
        run.finishedAt = state.finishedAt();
        run.version = state.version();
        for (AgentState agentState : state.agents()) {
            AgentProgress agent = run.agents.get(agentState.name());
            if (agentState.items() != null) {
                fanOut(run, agent, agentState.items());
            }
            agentState.copyTo(agent);
            if (agent.agentId != null) {
                launched.put(agent.agentId, agent);
                runOfAgent.put(agent.agentId, run.id);
            }
        }
        runs.put(run.id, run);
    }

    /**
     * The runs in a snapshot (format version 3).
     *
     * @param runs    Every run it holds by id.
     * @param retired How many runs it let go, by outcome.
     */
    public record Snapshot(Map<String, RunState> runs, Map<String, Long> retired) {}

    /** One run in a snapshot: how it started and how far it got; its agents in launch order. */
    record RunState(RunStarted started, Instant startedAt, String outcome, String cancelReason, Instant finishedAt,
            long version, List<AgentState> agents) {

        static RunState of(RunProgress run) {
            return new RunState(new RunStarted(run.id, run.plan(), run.waves, run.budget, run.replayOf, run.profiles),
                    run.startedAt,
                    run.outcome, run.cancelReason, run.finishedAt, run.version,
                    run.agents.values().stream().map(AgentState::of).toList());
        }
    }

    /** One agent of a run in a snapshot, by its name in the run; {@code items} is a fan-out's list. */
    record AgentState(String name, String agentId, String blockedReason, String failureReason, int scheduled,
            int started, int completed, int failed, int cancelled, Instant startedAt, Instant finishedAt,
            String skippedReason, List<TaskResult> results, int iterations, String loopEnd, List<String> items) {

        static AgentState of(AgentProgress agent) {
            return new AgentState(agent.plan.name(), agent.agentId, agent.blockedReason, agent.failureReason,
                    agent.scheduled, agent.started, agent.completed, agent.failed, agent.cancelled, agent.startedAt,
                    agent.finishedAt, agent.skippedReason, List.copyOf(agent.results), agent.iterations, agent.loopEnd,
                    agent.instances == null ? null : agent.instances.stream().map(i -> i.plan.item()).toList());
        }

        void copyTo(AgentProgress agent) {
            agent.agentId = agentId;
            agent.blockedReason = blockedReason;
            agent.skippedReason = skippedReason;
            agent.results.addAll(results);
            agent.iterations = iterations;
            agent.loopEnd = loopEnd;
            agent.failureReason = failureReason;
            agent.scheduled = scheduled;
            agent.started = started;
            agent.completed = completed;
            agent.failed = failed;
            agent.cancelled = cancelled;
            agent.startedAt = startedAt;
            agent.finishedAt = finishedAt;
        }
    }

    /** Calls {@code listener} with a run's id after each change to that run. */
    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Reads a run under the lock, one it let go read back from the log (outside the lock, which is no longer
     * needed: nothing changes it); empty when there is no such run.
     */
    <T> Optional<T> read(String runId, Function<RunProgress, T> reader) {
        synchronized (this) {
            RunProgress run = runs.get(runId);
            if (run != null) {
                return Optional.of(run).map(reader);
            }
        }
        return retiredRuns.find(runId).map(reader);
    }

    /** Whether it holds the run in memory: false for an unknown one and for one it let go. */
    public synchronized boolean holds(String runId) {
        return runs.containsKey(runId);
    }

    /** How many runs it holds in memory. */
    public synchronized int held() {
        return runs.size();
    }

    /** The run as folded so far, when it has ended and none of its agents is left to stop; else empty. */
    Optional<RunProgress> retirable(String runId) {
        return Optional.ofNullable(runs.get(runId)).filter(RunProjection::settled);
    }

    /** The runs the engine may still act on: open ones, and cancelled ones whose agents may need terminating. */
    synchronized List<String> openRuns() {
        return runs.values().stream().filter(r -> !r.ended() || r.cancelled()).map(r -> r.id).toList();
    }

    /** How many runs are in {@code state}: running, or their outcome (completed, failed, cancelled). */
    synchronized long countIn(String state) {
        return retired.getOrDefault(state, 0L)
                + runs.values().stream().filter(r -> state.equals(r.ended() ? r.outcome : RunView.RUNNING)).count();
    }

    /** The run an agent stream belongs to, if any. */
    synchronized Optional<String> runOf(String agentId) {
        return Optional.ofNullable(runOfAgent.get(agentId));
    }

    /** Waits until this projection has applied everything the kernel's world state has. */
    void awaitWorld() {
        awaitPosition(world.position());
    }

    @Override
    protected void apply(StoredEvent event) {
        String changed;
        synchronized (this) {
            changed = applyLocked(event);
        }
        if (changed != null) {
            listeners.forEach(l -> l.accept(changed));
        }
    }

    /** Applies one event; returns the run it changed, or {@code null}. */
    private String applyLocked(StoredEvent event) {
        if (event.streamId().startsWith(RunEvent.STREAM_PREFIX)) {
            return codec.decode(event, RunEvent.class).map(runEvent -> {
                applyRun(runEvent, event);
                return letGoIfSettled(runEvent.runId());
            }).orElse(null);
        }
        if (event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            String agentId = event.streamId().substring(KernelEvent.AGENT_STREAM_PREFIX.length());
            AgentProgress agent = launched.get(agentId);
            if (agent == null) {
                return null;
            }
            return codec.decode(event, KernelEvent.AgentEvent.class).map(agentEvent -> {
                applyAgent(agent, agentEvent, event.recordedAt());
                return letGoIfSettled(runOfAgent.get(agentId));
            }).orElse(null);
        }
        return null;
    }

    /**
     * Lets the run go once the engine has nothing left to do with it: ended, and (when cancelled) every agent it
     * launched settled. Later events of its agents change nothing the engine acts on, and a read of it folds them
     * from the log. Returns the run id.
     */
    private String letGoIfSettled(String runId) {
        RunProgress run = runs.get(runId);
        if (letsGo && run != null && settled(run)) {
            runs.remove(runId);
            run.agents.values().stream().filter(a -> a.agentId != null).forEach(a -> {
                launched.remove(a.agentId);
                runOfAgent.remove(a.agentId);
            });
            retired.merge(run.outcome, 1L, Long::sum);
        }
        return runId;
    }

    private static boolean settled(RunProgress run) {
        return run.ended() && (!run.cancelled() || run.agents.values().stream()
                .allMatch(a -> a.agentId == null || a.settled(false)));
    }

    private void applyRun(RunEvent event, StoredEvent stored) {
        if (event instanceof RunStarted started) {
            runs.put(started.runId(), new RunProgress(started, stored.recordedAt()));
        }
        RunProgress run = runs.get(event.runId());
        if (run == null) {
            return;
        }
        run.version = stored.streamVersion();
        if (event instanceof AgentLaunched launch) {
            AgentProgress agent = run.agents.get(launch.agent());
            agent.agentId = launch.agentId();
            launched.put(launch.agentId(), agent);
            runOfAgent.put(launch.agentId(), run.id);
        } else if (event instanceof AgentBlocked blocked) {
            AgentProgress agent = run.agents.get(blocked.agent());
            agent.blockedReason = blocked.reason();
            agent.finishedAt = stored.recordedAt();
        } else if (event instanceof AgentSkipped skipped) {
            AgentProgress agent = run.agents.get(skipped.agent());
            agent.skippedReason = skipped.reason();
            agent.finishedAt = stored.recordedAt();
        } else if (event instanceof AgentIterated iterated) {
            iterated(run.agents.get(iterated.agent()), iterated, stored.recordedAt());
        } else if (event instanceof AgentFannedOut fannedOut) {
            fanOut(run, run.agents.get(fannedOut.agent()), fannedOut.items());
        } else if (event instanceof RunFinished finished) {
            run.outcome = finished.outcome();
            run.finishedAt = stored.recordedAt();
        } else if (event instanceof RunClaimed claimed) {
            run.driver = claimed.instance();
        } else if (event instanceof RunCancelled cancelled) {
            run.outcome = "cancelled";
            run.cancelReason = cancelled.reason();
            run.finishedAt = stored.recordedAt();
        }
    }

    private static void iterated(AgentProgress agent, AgentIterated iterated, Instant at) {
        if (AgentIterated.REPEAT.equals(iterated.outcome())) {
            agent.iterations = iterated.iteration() + 1;
            agent.results.clear();
            return;
        }
        agent.loopEnd = iterated.outcome();
        agent.finishedAt = at;
        if (AgentIterated.EXHAUSTED.equals(iterated.outcome())) {
            agent.failureReason = "its loop reached max_iterations (" + agent.plan.flow().loop().maxIterations()
                    + ") before its condition held";
        }
    }

    /** A fan-out's instances join the run as agents of their own, {@code agent[i]}, after their parent. */
    private static void fanOut(RunProgress run, AgentProgress parent, List<String> items) {
        List<AgentProgress> instances = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            AgentProgress instance = new AgentProgress(parent.plan.instance(i, items.get(i)));
            run.agents.put(instance.plan.name(), instance);
            instances.add(instance);
        }
        parent.instances = instances;
    }

    private static void applyAgent(AgentProgress agent, KernelEvent.AgentEvent event, Instant at) {
        if (event instanceof TaskScheduled) {
            agent.scheduled++;
        } else if (event instanceof TaskStarted) {
            agent.started++;
            if (agent.startedAt == null) {
                agent.startedAt = at;
            }
        } else if (event instanceof TaskCompleted completed) {
            agent.completed++;
            agent.results.add(new TaskResult(completed.output(), completed.sha256(), completed.artifact()));
            if (agent.iterationDone() && !agent.plan.loops()) {
                agent.finishedAt = at;
            }
        } else if (event instanceof TaskFailed failed && !failed.retrying()) {
            fail(agent, "task " + (agent.completed + agent.failed + 1) + " failed: " + failed.reason(), at);
        } else if (event instanceof TaskTimedOut timedOut && !timedOut.retrying()) {
            fail(agent, "task " + (agent.completed + agent.failed + 1) + " timed out", at);
        } else if (event instanceof TaskCancelled) {
            agent.cancelled++;
            if (agent.finishedAt == null) {
                agent.finishedAt = at;
            }
        }
    }

    private static void fail(AgentProgress agent, String reason, Instant at) {
        agent.failed++;
        if (agent.failureReason == null) {
            agent.failureReason = reason;
            agent.finishedAt = at;
        }
    }
}
