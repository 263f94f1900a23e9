package dev.toka.llm;

import dev.toka.DeadlineExceededException;
import dev.toka.bus.Projection;
import dev.toka.bus.SnapshotForm;
import dev.toka.bus.Startable;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.RunLink;
import dev.toka.kernel.WorldState;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tokens and cost of model calls per agent, run and vault, and the HTTP requests of each agent's
 * latest task: a projection of the {@value LlmEvents#CATEGORY} streams, rebuilt from the log at start
 * and then followed live on its own thread. A call's usage is here by the time the gateway returns its
 * answer (the call log waits for it), so the next call's budget check sees it.
 *
 * <p>Its size follows the live state, not the history: it holds an agent's usage only while the world state holds
 * the agent live, and a run's total only while one of those agents belongs to it. An agent it lets go at its
 * {@code AgentTerminated}, and one it never held (a call applied once the world state, which is always ahead of
 * it, already had it terminated) is read back from the log when asked for ({@link UsageReadBack}), by the same
 * rule, so every answer is what it would have held.
 */
@Singleton
public class UsageLedger extends Projection {

    private final EventCodec codec;
    private final WorldState world;
    private final UsageReadBack readBack;
    private final Map<String, AgentUsage> agents = new ConcurrentHashMap<>();
    private final Map<String, Usage> runs = new ConcurrentHashMap<>();
    private final Map<String, Usage> byVault = new ConcurrentHashMap<>();
    /** How many agents it holds per run it holds; changed only where events are applied. */
    private final Map<String, Integer> callersByRun = new HashMap<>();

    public UsageLedger(EventCodec codec, EventStore store, WorldState world,
            @ConfigProperty(name = "toka.kernel.answer-timeout") Duration timeout) {
        super("usage ledger", Delivery.QUEUED, timeout);
        this.codec = codec;
        this.world = world;
        this.readBack = new UsageReadBack(store, codec);
    }

    /** It asks the world state, while applying, which agents are live. */
    @Override
    public Set<Class<? extends Startable>> dependsOn() {
        return Set.of(WorldState.class);
    }

    @Override
    public Optional<SnapshotForm<?>> snapshotForm() {
        // Version 2: only live agents and their runs (1 held every agent and run of the history).
        return Optional.of(SnapshotForm.of(2, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private Snapshot snapshot() {
        return new Snapshot(Map.copyOf(agents), Map.copyOf(runs), Map.copyOf(byVault));
    }

    private void restoreSnapshot(Snapshot state) {
        agents.putAll(state.agents());
        runs.putAll(state.runs());
        byVault.putAll(state.byVault());
        agents.values().forEach(agent -> countCaller(agent.runId()));
    }

    /**
     * The ledger in a snapshot (format version 2).
     *
     * @param agents  The usage of each live agent that has called a model, by agent id.
     * @param runs    The usage of each run one of those agents belongs to, by run id.
     * @param byVault Usage per vault.
     */
    public record Snapshot(Map<String, AgentUsage> agents, Map<String, Usage> runs, Map<String, Usage> byVault) {}

    /** What the model calls of the agent calling in {@code scope} have spent. */
    public Usage ofAgent(CallScope scope) {
        return agentUsage(scope.agentId(), LlmEvents.streamOf(scope)).usage();
    }

    /** What an agent's model calls have spent. */
    public Usage ofAgent(AgentView agent) {
        RunLink run = agent.mandate() == null ? null : agent.mandate().run();
        return agentUsage(agent.id(), run != null ? LlmEvents.runStream(run.runId())
                : LlmEvents.agentStream(agent.id())).usage();
    }

    /** What the model calls of a run have spent. */
    public Usage ofRun(String runId) {
        Usage held = runs.get(runId);
        return held != null ? held : readBack.of(LlmEvents.runStream(runId)).total();
    }

    /**
     * What the model calls of a run have spent, in total and for each of {@code agentIds} (its agents): the run's
     * stream is read back at most once, for what it does not hold.
     */
    public RunUsage ofRunByAgent(String runId, Collection<String> agentIds) {
        Map<String, Usage> byAgent = new HashMap<>();
        boolean allHeld = true;
        for (String agentId : agentIds) {
            Optional<AgentUsage> held = inMemory(agentId);
            held.ifPresent(usage -> byAgent.put(agentId, usage.usage()));
            allHeld &= held.isPresent();
        }
        Usage total = runs.get(runId);
        if (total != null && allHeld) {
            return new RunUsage(total, byAgent);
        }
        UsageReadBack.StreamUsage read = readBack.of(LlmEvents.runStream(runId));
        agentIds.forEach(agentId -> byAgent.computeIfAbsent(agentId, id -> read.ofAgent(id).usage()));
        return new RunUsage(total != null ? total : read.total(), byAgent);
    }

    /** What the model calls of a vault's agents have spent. */
    public Usage ofVault(String vault) {
        return byVault.getOrDefault(vault, Usage.NONE);
    }

    /** HTTP requests the model calls of the task in {@code scope} have sent, over all its attempts. */
    public long requestsOfTask(CallScope scope) {
        return agentUsage(scope.agentId(), LlmEvents.streamOf(scope)).requestsOf(scope.taskId());
    }

    /** How many agents and runs it holds in memory. */
    public int held() {
        return agents.size() + runs.size();
    }

    /** Whether it holds the agent's usage in memory. */
    boolean holdsAgent(String agentId) {
        return agents.containsKey(agentId);
    }

    /** Whether it holds the run's total in memory. */
    boolean holdsRun(String runId) {
        return runs.containsKey(runId);
    }

    /** The agent's usage, read back from its calls' stream when it is not held. */
    private AgentUsage agentUsage(String agentId, String stream) {
        return inMemory(agentId).orElseGet(() -> readBack.of(stream).ofAgent(agentId));
    }

    /**
     * The agent's usage without reading the log: the one held, or none for a live agent not held (it has called no
     * model yet); empty for any other. The world state is ahead of the ledger, so an agent missing here and still
     * live there was not let go of in between.
     */
    private Optional<AgentUsage> inMemory(String agentId) {
        AgentUsage held = agents.get(agentId);
        if (held != null) {
            return Optional.of(held);
        }
        return world.isLive(agentId) ? Optional.of(AgentUsage.none(null)) : Optional.empty();
    }

    @Override
    protected void apply(StoredEvent event) {
        if (event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            codec.decode(event, AgentTerminated.class).ifPresent(terminated -> {
                awaitWorld(event);
                letGo(terminated.agentId());
            });
        } else if (event.category().equals(LlmEvents.CATEGORY)) {
            CallSpend.of(codec.decode(event)).ifPresent(call -> {
                awaitWorld(event);
                add(call, event);
            });
        }
    }

    /**
     * Waits until the world state has applied {@code event}, so that what it says of an agent is never older than
     * the ledger: it is applied on commit, but the ledger reads the store directly when its queue overflowed, and
     * another instance's events reach the world state only when the poller brings them. A world state stopped at
     * an event it cannot read is not waited for.
     */
    private void awaitWorld(StoredEvent event) {
        if (world.position() >= event.position() || world.stopped().isPresent()) {
            return;
        }
        try {
            world.awaitPosition(event.position());
        } catch (DeadlineExceededException e) {
            Log.warnf("the usage ledger applies position %d before the world state has: %s", event.position(),
                    e.getMessage());
        }
    }

    private void add(CallSpend call, StoredEvent event) {
        byVault.merge(call.vault(), call.usage(), Usage::plus);
        AgentUsage known = agents.get(call.agentId());
        // Not live (terminated, or never spawned): it would be let go of at once, so it is never held.
        boolean holds = known != null || world.isLive(call.agentId());
        if (call.runId() != null) {
            if (runs.containsKey(call.runId())) {
                runs.merge(call.runId(), call.usage(), Usage::plus); // every call of a held run counts
            } else if (holds) {
                runs.put(call.runId(), earlierCalls(event).plus(call.usage()));
            }
        }
        if (holds) {
            agents.put(call.agentId(), AgentUsage.after(known, call));
            if (known == null) {
                countCaller(call.runId());
            }
        }
    }

    /** The total of the calls before {@code event} in its stream (versions count from 0). */
    private Usage earlierCalls(StoredEvent event) {
        return event.streamVersion() == 0 ? Usage.NONE
                : readBack.before(event.streamId(), event.position()).total();
    }

    private void countCaller(String runId) {
        if (runId != null) {
            callersByRun.merge(runId, 1, Integer::sum);
        }
    }

    /** Drops a terminated agent, and its run once no agent it holds belongs to it. */
    private void letGo(String agentId) {
        AgentUsage gone = agents.remove(agentId);
        if (gone != null && gone.runId() != null
                && callersByRun.computeIfPresent(gone.runId(), (run, n) -> n == 1 ? null : n - 1) == null) {
            runs.remove(gone.runId());
        }
    }
}
