package dev.toka.agent;

import dev.toka.bus.EventFeed;
import dev.toka.kernel.AgentStatus;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.KernelEvent.AgentEvent;
import dev.toka.kernel.KernelEvent.AgentResumed;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.WorldState;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.Map;
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
 */
@Singleton
public class AgentRuntime {

    private final AgentConfig config;
    private final WorldState world;
    private final EventFeed feed;
    private final EventCodec codec;
    private final AgentPlugins plugins;
    private final TaskRunner runner;
    private final Map<String, AtomicInteger> wakeUps = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private AutoCloseable subscription;

    AgentRuntime(AgentConfig config, WorldState world, EventFeed feed, EventCodec codec, AgentPlugins plugins,
            TaskRunner runner) {
        this.config = config;
        this.world = world;
        this.feed = feed;
        this.codec = codec;
        this.plugins = plugins;
        this.runner = runner;
    }

    /** After the application's messaging is wired (library priorities), since recovery submits operations at once. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent start) {
        if (!config.enabled()) {
            Log.info("agent runtime disabled (toka.agent.enabled=false): queued tasks are not run here");
            return;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.maxConcurrentAgents(), r -> {
            Thread thread = new Thread(r, "toka-agent-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Follow from where the world state stands, then look at everyone: a wake-up seen twice is harmless.
        subscription = feed.follow(world.position() + 1, this::onEvent);
        world.agents().stream().filter(a -> !a.queuedTasks().isEmpty()).forEach(a -> wake(a.id()));
    }

    void onStop(@Observes ShutdownEvent stop) throws Exception {
        if (subscription != null) {
            subscription.close();
        }
        if (workers != null) {
            // Cancelled attempts report nothing, so one cut short here has no outcome in the log and the
            // next start reports it as interrupted.
            executions.values().forEach(Execution::cancel);
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void onEvent(StoredEvent event) {
        AgentEvent agentEvent = codec.decode(event, AgentEvent.class).orElse(null);
        if (agentEvent instanceof TaskScheduled || agentEvent instanceof AgentResumed) {
            wake(agentEvent.agentId());
        } else if (agentEvent instanceof AgentTerminated terminated) {
            executions.computeIfAbsent(terminated.agentId(), id -> new Execution()).cancel();
        }
    }

    /** Makes sure a worker looks at the agent soon; at most one worker per agent at a time. */
    private void wake(String agentId) {
        if (wakeUps.computeIfAbsent(agentId, id -> new AtomicInteger()).getAndIncrement() == 0) {
            workers.execute(() -> drain(agentId));
        }
    }

    /** Runs the agent's tasks while it has some and may; loops again if woken meanwhile. */
    private void drain(String agentId) {
        AtomicInteger pending = wakeUps.get(agentId);
        int seen;
        do {
            seen = pending.get();
            try {
                runAvailable(agentId);
            } catch (Exception e) { // also a checked exception a library threw sneakily: the loop must go on
                Log.errorf(e, "agent %s: running its tasks failed", agentId);
            }
        } while (pending.addAndGet(-seen) > 0);
    }

    private void runAvailable(String agentId) {
        Execution execution = executions.computeIfAbsent(agentId, id -> new Execution());
        while (!workers.isShutdown()) {
            AgentView agent = world.agent(agentId).orElse(null);
            if (agent == null || agent.state() == AgentStatus.TERMINATED || plugins.forType(agent.type()).isEmpty()) {
                return;
            }
            if (agent.running() != null) {
                // Only this worker runs the agent's tasks and its reports are applied before it reads
                // again, so an attempt still running here was left by a previous run of the service.
                runner.reportInterrupted(agent);
                continue;
            }
            if (agent.state() != AgentStatus.READY || agent.queuedTasks().isEmpty()) {
                return;
            }
            runner.run(agent, agent.queuedTasks().get(0), execution);
        }
    }
}
