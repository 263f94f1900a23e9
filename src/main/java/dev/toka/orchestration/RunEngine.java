package dev.toka.orchestration;

import dev.toka.bus.Startable;
import dev.toka.kernel.AgentStateConflictException;
import dev.toka.kernel.AgentStatus;
import dev.toka.kernel.Fleet;
import dev.toka.kernel.Kernel;
import dev.toka.kernel.Operation;
import dev.toka.kernel.RunLink;
import dev.toka.kernel.ScheduleTask;
import dev.toka.kernel.SpawnAgent;
import dev.toka.kernel.Submission;
import dev.toka.kernel.TerminateAgent;
import dev.toka.kernel.WorldState;
import dev.toka.orchestration.RunOperation.BlockAgent;
import dev.toka.orchestration.RunOperation.ClaimRun;
import dev.toka.orchestration.RunOperation.FanOutAgent;
import dev.toka.orchestration.RunOperation.IterateAgent;
import dev.toka.orchestration.RunOperation.SkipAgent;
import dev.toka.orchestration.RunOperation.FinishRun;
import dev.toka.orchestration.RunOperation.LaunchAgent;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves runs forward. After every change to a run it looks at the run's projection and submits what
 * follows: spawn and schedule an agent whose dependencies all completed, block one whose dependency
 * failed, stop a failed agent's remaining tasks, terminate agents of a cancelled run, and finish the
 * run once every agent has settled. It only ever acts through kernel operations, and because it
 * decides from the log's projection, a restarted service picks each run up where the log left it.
 *
 * <p>In a fleet ({@link Fleet}) exactly one instance drives each run: the one whose {@code claim-run} the
 * log holds last. The others leave the run alone until that instance's heartbeat is older than the bound,
 * then one of them claims it (the kernel refuses the second claim) and goes on from the log.
 */
@Singleton
public class RunEngine implements Startable {

    private static final Caller ORCHESTRATION = new Caller(Principal.system("orchestration"), "internal");

    private final Kernel kernel;
    private final WorldState world;
    private final RunProjection runs;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Runs looked at since this process started; the first look also adopts agents spawned before a crash. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final OrchestrationConfig config;
    private final Fleet fleet;
    private ExecutorService engine;
    private ExecutorService stepWorkers;

    RunEngine(Kernel kernel, WorldState world, RunProjection runs, OrchestrationConfig config, Fleet fleet) {
        this.kernel = kernel;
        this.fleet = fleet;
        this.world = world;
        this.runs = runs;
        this.config = config;
    }

    @Override
    public String name() {
        return "run engine";
    }

    /**
     * It decides from the run projection and the world state. Not on the agent runtime (it may not know it):
     * the runtime looks at every agent with queued tasks when it starts, so it finds what this scheduled before.
     */
    @Override
    public Set<Class<? extends Startable>> dependsOn() {
        return Set.of(RunProjection.class, WorldState.class, Fleet.class);
    }

    /** Open runs are advanced at once. */
    @Override
    public void start() {
        engine = Executors.newSingleThreadExecutor(daemon("toka-orchestration"));
        stepWorkers = Executors.newFixedThreadPool(config.stepParallelism(), daemon("toka-orchestration-step"));
        runs.onChange(this::poke);
        fleet.onMembershipChange(() -> runs.openRuns().forEach(this::poke));
        runs.openRuns().forEach(this::poke);
    }

    void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (engine != null) {
            engine.shutdownNow();
            stepWorkers.shutdownNow();
            engine.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger number = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Asks for the run to be looked at soon; looks are serialised on one thread. */
    void poke(String runId) {
        if (engine != null && !engine.isShutdown() && queued.add(runId)) {
            engine.execute(() -> {
                queued.remove(runId);
                try {
                    advance(runId);
                } catch (RuntimeException e) {
                    Log.errorf(e, "run %s: could not advance", runId);
                }
            });
        }
    }

    /** Submits the run's next steps, several at once: they concern different agents, so their order does not matter. */
    private void advance(String runId) {
        if (!runs.holds(runId)) {
            seen.remove(runId); // the projection let it go: nothing is left to do for it
            return;
        }
        if (!drives(runId)) {
            return;
        }
        List<Step> steps = runs.read(runId, this::plan).orElse(List.of());
        Map<String, String> orphans = seen.add(runId) ? orphansOf(runId) : Map.of();
        List<Callable<Void>> work = steps.stream().map(step -> (Callable<Void>) () -> {
            step.perform(this, runId, orphans);
            return null;
        }).toList();
        try {
            for (Future<Void> done : stepWorkers.invokeAll(work)) {
                try {
                    done.get();
                } catch (ExecutionException e) {
                    Log.errorf(e.getCause(), "run %s: a step failed; the next change to the run tries again", runId);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        }
    }

    /**
     * Whether this instance drives the run: always when alone; in a fleet when the log says so, after claiming
     * it if no live instance drives it.
     */
    private boolean drives(String runId) {
        if (!fleet.enabled()) {
            return true;
        }
        String driver = runs.read(runId, r -> Optional.ofNullable(r.driver)).flatMap(d -> d).orElse(null);
        if (fleet.self().equals(driver)) {
            return true;
        }
        if (!fleet.mayTakeOver(driver, runs.position())) {
            return false;
        }
        try {
            submit(new ClaimRun(runId));
            Log.infof("run %s: instance %s drives it now%s", runId, fleet.self(),
                    driver == null ? "" : ", taken over from " + driver);
            return true;
        } catch (RunStateConflictException e) {
            return false; // another instance claimed it first, or it ended
        }
    }

    /** What the run needs next, decided under the projection's lock from one consistent view. */
    private List<Step> plan(RunProgress run) {
        List<Step> steps = new ArrayList<>();
        if (run.cancelled()) {
            run.agents.values().stream().filter(a -> a.agentId != null && !a.settled(false))
                    .forEach(a -> steps.add(new Step.Terminate(a.agentId, "run " + run.id + " was cancelled")));
            return steps;
        }
        if (run.ended()) {
            return steps;
        }
        for (AgentProgress agent : run.agents.values()) {
            AgentPhase phase = agent.phase(false);
            if (phase == AgentPhase.PENDING && agent.plan.item() == null) {
                String blocker = blockerOf(run, agent);
                if (blocker != null) {
                    steps.add(new Step.Block(agent.plan.name(), blocker));
                } else if (agent.plan.requires().stream().allMatch(dep -> done(run.agents.get(dep)))) {
                    steps.add(Readiness.stepFor(run, agent));
                }
            } else if (agent.instances != null && !phase.settled) {
                launchInstances(agent, steps);
            } else if (agent.awaitsLoopDecision()) {
                steps.add(new Step.Iterate(agent.plan.name(), agent.iterations, Readiness.loopOutcome(run, agent)));
            } else if (agent.agentId != null && agent.scheduled < agent.expectedTasks() && !phase.settled) {
                // the schedule was cut short by a restart, or a loop's next iteration begins
                steps.add(new Step.Launch(agent.plan, agent.scheduled, agent.expectedTasks()));
            } else if (phase == AgentPhase.FAILED && agent.agentId != null
                    && agent.completed + agent.failed + agent.cancelled < agent.scheduled) {
                steps.add(new Step.Terminate(agent.agentId, "a task failed, so run " + run.id + " stops this agent"));
            }
        }
        if (run.agents.values().stream().allMatch(a -> a.settled(false))) {
            steps.add(new Step.Finish());
        }
        return steps;
    }

    /** Whether a dependency is out of the way: completed, or skipped (then the dependent's condition decides). */
    private static boolean done(AgentProgress dependency) {
        AgentPhase phase = dependency.phase(false);
        return phase == AgentPhase.COMPLETED || phase == AgentPhase.SKIPPED;
    }

    /** Launches a fan-out's waiting instances, in order, while fewer than its concurrency run. */
    private static void launchInstances(AgentProgress fanOut, List<Step> steps) {
        long running = fanOut.instances.stream().filter(i -> i.agentId != null && !i.settled(false)).count();
        fanOut.instances.stream().filter(i -> i.phase(false) == AgentPhase.PENDING)
                .limit(Math.max(0, fanOut.plan.flow().fanOut().concurrency() - running))
                .forEach(i -> steps.add(new Step.Launch(i.plan, 0, i.expectedTasks())));
    }

    /** Why the agent cannot start, naming the dependency, or {@code null}. */
    private static String blockerOf(RunProgress run, AgentProgress agent) {
        for (String dep : agent.plan.requires()) {
            AgentPhase phase = run.agents.get(dep).phase(false);
            if (phase == AgentPhase.FAILED || phase == AgentPhase.BLOCKED) {
                return "dependency '" + dep + "' " + phase.wireName();
            }
        }
        return null;
    }

    /** Agents of the run that were spawned but whose launch was never recorded, by kernel name. */
    private Map<String, String> orphansOf(String runId) {
        String prefix = kernelNamePrefix(runId);
        Map<String, String> byName = new HashMap<>();
        world.agents().stream().filter(a -> a.name().startsWith(prefix) && a.state() != AgentStatus.TERMINATED)
                .forEach(a -> byName.put(a.name(), a.id()));
        return byName;
    }

    /** The start of the kernel names of a run's agents: {@code run-<id>/<name>}. */
    static String kernelNamePrefix(String runId) {
        return "run-" + runId + "/";
    }

    private Submission submit(Operation operation) {
        Submission submission = kernel.submit(ORCHESTRATION, operation);
        runs.awaitPosition(submission.events().get(submission.events().size() - 1).position());
        return submission;
    }

    /** One thing to submit for a run. */
    sealed interface Step permits Step.Launch, Step.Block, Step.Skip, Step.Iterate, Step.FanOut, Step.Terminate,
            Step.Finish {

        void perform(RunEngine engine, String runId, Map<String, String> orphans);

        /**
         * Spawn the agent (or adopt the one a crash left unrecorded), handing it its dependencies' results, and
         * schedule its tasks {@code from} to {@code to} (past its task count for a loop's later iterations).
         */
        record Launch(PlannedAgent agent, int from, int to) implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                String agentId = engine.runs.read(runId, r -> r.agents.get(agent.name()).agentId).orElse(null);
                if (agentId == null) {
                    String kernelName = kernelNamePrefix(runId) + agent.name();
                    agentId = orphans.get(kernelName);
                    if (agentId == null) {
                        RunLink link = engine.runs.read(runId, r -> Readiness.linkFor(r, agent))
                                .orElseThrow(() -> new RunNotFoundException(runId));
                        agentId = engine.submit(new SpawnAgent(null, kernelName, agent.type(), null, agent.timeout(),
                                agent.mandate(link))).agentId();
                    }
                    try {
                        engine.submit(new LaunchAgent(runId, agent.name(), agentId));
                    } catch (RunStateConflictException e) {
                        engine.submit(new TerminateAgent(agentId, "run " + runId + " ended before launch"));
                        return;
                    }
                }
                for (int i = from; i < to; i++) {
                    engine.submit(new ScheduleTask(agentId, agent.tasks().get(i % agent.tasks().size())));
                }
            }
        }

        /** Record that the agent will not start. */
        record Block(String agent, String reason) implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                engine.submit(new BlockAgent(runId, agent, reason));
            }
        }

        /** Record that the agent will not run: its condition does not hold, or a dependency was skipped. */
        record Skip(String agent, String reason) implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                engine.submit(new SkipAgent(runId, agent, reason));
            }
        }

        /** Record how a loop's iteration ended; on {@code repeat} the next look schedules the tasks again. */
        record Iterate(String agent, int iteration, String outcome) implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                engine.submit(new IterateAgent(runId, agent, iteration, outcome));
            }
        }

        /** Record a fan-out's list; its instances launch on the next look. */
        record FanOut(String agent, List<String> items) implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                engine.submit(new FanOutAgent(runId, agent, items));
            }
        }

        /** Terminate an agent, cancelling its unfinished tasks. */
        record Terminate(String agentId, String reason) implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                try {
                    engine.submit(new TerminateAgent(agentId, reason));
                } catch (AgentStateConflictException alreadyTerminated) {
                    // Terminated by someone else first: the same end.
                }
            }
        }

        /** End the run with the outcome its agents imply. */
        record Finish() implements Step {
            @Override
            public void perform(RunEngine engine, String runId, Map<String, String> orphans) {
                engine.submit(new FinishRun(runId));
            }
        }
    }
}
