package dev.toka.agent;

import dev.toka.bus.Projection;
import dev.toka.bus.Startable;
import dev.toka.kernel.AgentStatus;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.Fleet;
import dev.toka.kernel.KernelEvent.AgentEvent;
import dev.toka.kernel.KernelEvent.AgentResumed;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.ApprovalExpired;
import dev.toka.kernel.KernelEvent.ApprovalGranted;
import dev.toka.kernel.KernelEvent.ApprovalRejected;
import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.KernelEvent.TaskTimedOut;
import dev.toka.kernel.KernelConfig;
import dev.toka.kernel.WorldState;
import dev.toka.llm.UsageLedger;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queued tasks: one at a time per agent, many agents in parallel on a bounded pool
 * ({@code toka.agent.max-concurrent-agents}).
 *
 * <p>What to run is read from the kernel's world state, itself a projection of the log; the bus only
 * says when to look again (a task was scheduled, an agent resumed) or when to cancel (an agent was
 * terminated). At start every agent with unfinished work is looked at, and an attempt that a previous
 * run left without an outcome is reported as interrupted and retried or failed by the retry policy.
 * It follows the log on its own thread, from a bounded queue, like any consumer that is not the world state.
 *
 * <p>In a fleet ({@link Fleet}) each instance runs the agents it owns by rendezvous hashing over the live
 * instances; starting a task claims it in the kernel, which lets only one instance start it. An attempt
 * another live instance runs is left alone: only one of this instance's earlier life, or of a dead
 * instance, is reported as interrupted, and when an instance dies the agents it owned are looked at again.
 */
@Singleton
public class AgentRuntime extends Projection {

    private final AgentConfig config;
    private final WorldState world;
    private final EventCodec codec;
    private final AgentPlugins plugins;
    private final TaskRunner runner;
    private final Fleet fleet;
    // Both hold an agent only while a worker is due to look at it or is looking, so they follow the live work,
    // not the history: wake-ups asked for and not yet seen, and the attempt a termination must cancel.
    private final Map<String, Integer> wakeUps = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    /** Absent when the runtime is disabled here. */
    private final ExecutorService workers;

    AgentRuntime(AgentConfig config, WorldState world, EventCodec codec, AgentPlugins plugins, TaskRunner runner,
            KernelConfig kernel, Fleet fleet) {
        super("agent runtime", Delivery.QUEUED, kernel.answerTimeout());
        this.config = config;
        this.world = world;
        this.codec = codec;
        this.plugins = plugins;
        this.runner = runner;
        this.fleet = fleet;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = !config.enabled() ? null : Executors.newFixedThreadPool(config.maxConcurrentAgents(), r -> {
            Thread thread = new Thread(r, "toka-agent-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * It reads what to run from the world state, and whose attempts it may take over from the fleet; the
     * tasks' model calls check budgets in the usage ledger.
     */
    @Override
    public Set<Class<? extends Startable>> dependsOn() {
        return Set.of(WorldState.class, UsageLedger.class, Fleet.class);
    }

    /** Follows from where the world state stands; {@link #start} then looks at everyone. */
    @Override
    public long startPosition() {
        return world.position() + 1;
    }

    /** Recovery: a wake-up seen twice is harmless. */
    @Override
    public void start() {
        if (workers == null) {
            Log.info("agent runtime disabled (toka.agent.enabled=false): queued tasks are not run here");
            return;
        }
        fleet.onMembershipChange(this::wakeAll);
        wakeAll();
    }

    /** Looks at every agent with unfinished work: at start, and when the fleet's membership changed. */
    private void wakeAll() {
        world.agents().stream().filter(a -> !a.queuedTasks().isEmpty()).forEach(a -> wake(a.id()));
    }

    void onStop(@Observes ShutdownEvent stop) throws Exception {
        if (workers != null) {
            // Cancelled attempts report nothing, so one cut short here has no outcome in the log and the
            // next start reports it as interrupted.
            executions.values().forEach(Execution::cancel);
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Override
    protected void apply(StoredEvent event) {
        if (workers == null) {
            return;
        }
        AgentEvent agentEvent = codec.decode(event, AgentEvent.class).orElse(null);
        if (agentEvent instanceof TaskScheduled || agentEvent instanceof AgentResumed || decided(agentEvent)
                || endedElsewhere(event, agentEvent)) {
            wake(agentEvent.agentId());
        } else if (agentEvent instanceof AgentTerminated terminated) {
            // A worker that starts after this finds the agent terminated in the world state, which is ahead.
            Optional.ofNullable(executions.get(terminated.agentId())).ifPresent(Execution::cancel);
        }
    }

    /** Whether the event decides an approval, so the waiting task may go on. */
    private static boolean decided(AgentEvent event) {
        return event instanceof ApprovalGranted || event instanceof ApprovalRejected || event instanceof ApprovalExpired;
    }

    /**
     * Whether the event ends an attempt another instance of the fleet ran: the agent's next task may be this
     * instance's now (its owner changed while that attempt ran).
     */
    private boolean endedElsewhere(StoredEvent event, AgentEvent agentEvent) {
        return fleet.enabled() && !fleet.self().equals(event.metadata().instance())
                && (agentEvent instanceof TaskCompleted || agentEvent instanceof TaskFailed
                        || agentEvent instanceof TaskTimedOut);
    }

    /** Makes sure a worker looks at the agent soon; at most one worker per agent at a time. */
    private void wake(String agentId) {
        if (wakeUps.merge(agentId, 1, Integer::sum) == 1) {
            workers.execute(() -> drain(agentId));
        }
    }

    /** Runs the agent's tasks while it has some and may; loops again if woken meanwhile, and lets go of it when not. */
    private void drain(String agentId) {
        Execution execution = new Execution();
        executions.put(agentId, execution);
        try {
            Integer seen = wakeUps.get(agentId);
            while (seen != null) {
                try {
                    runAvailable(agentId, execution);
                } catch (Exception e) { // also a checked exception a library threw sneakily: the loop must go on
                    Log.errorf(e, "agent %s: running its tasks failed", agentId);
                }
                int looked = seen;
                seen = wakeUps.computeIfPresent(agentId, (id, asked) -> asked == looked ? null : asked - looked);
            }
        } finally {
            executions.remove(agentId, execution);
        }
    }

    /** Whether it holds anything of the agent: only while a worker is due to look at it or is looking. */
    boolean holds(String agentId) {
        return wakeUps.containsKey(agentId) || executions.containsKey(agentId);
    }

    private void runAvailable(String agentId, Execution execution) {
        while (!workers.isShutdown()) {
            AgentView agent = world.agent(agentId).orElse(null);
            if (agent == null || agent.state() == AgentStatus.TERMINATED || plugins.forType(agent.type()).isEmpty()) {
                return;
            }
            if (agent.running() != null) {
                // Only this worker runs the agent's tasks here and its reports are applied before it reads
                // again, so the attempt is not this life's: another live instance's is left alone; one of
                // this instance's earlier life, or of a dead instance, was interrupted.
                if (!fleet.mayTakeOver(agent.running().instance(), world.position())) {
                    return;
                }
                runner.reportInterrupted(agent);
                continue;
            }
            // A task waiting for an approval holds the agent's queue: its conversation stopped mid-turn.
            if (agent.state() != AgentStatus.READY || agent.queuedTasks().isEmpty()
                    || agent.queuedTasks().get(0).awaitingApproval() || !fleet.owns(agent.id())) {
                return;
            }
            runner.run(agent, agent.queuedTasks().get(0), execution);
        }
    }
}
