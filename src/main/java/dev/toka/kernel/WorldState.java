package dev.toka.kernel;

import dev.toka.bus.Projection;
import dev.toka.bus.SnapshotForm;
import dev.toka.kernel.AgentView.QueuedTask;
import dev.toka.kernel.AgentView.RunningTask;
import dev.toka.kernel.KernelEvent.AgentEvent;
import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.kernel.KernelEvent.ApprovalExpired;
import dev.toka.kernel.KernelEvent.ApprovalGranted;
import dev.toka.kernel.KernelEvent.ApprovalRejected;
import dev.toka.kernel.KernelEvent.ApprovalRequested;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.kernel.KernelEvent.TaskTimedOut;
import dev.toka.security.Target;
import dev.toka.store.EventCodec;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.StoreConfig;
import dev.toka.store.StoredEvent;
import dev.toka.store.UnknownEventTypeException;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pcollections.PVector;

/**
 * The agents and their queued tasks: a projection of the {@code agent-*} streams, rebuilt from the
 * log at start and then kept current from the bus. It is never written any other way.
 *
 * <p>Applied on commit: the kernel decides each operation on this state, so a caller whose write
 * returned must find it here, and it is the one projection every write waits for.
 *
 * <p>It holds the live agents only, so its size follows the live state rather than the history: a terminated
 * agent leaves it once no agent it holds descends from it (the lineage of a live agent stays in memory), and is
 * read back from the log when asked for ({@link RetiredAgents}), so every lookup sees what it saw before.
 */
@Singleton
public class WorldState extends Projection {

    private final EventCodec codec;
    private final boolean readOnly;
    private final Map<String, AgentView> agents = new ConcurrentHashMap<>();
    /** How many agents it holds per parent it holds; changed only where events are applied. */
    private final Map<String, Integer> heldChildren = new HashMap<>();
    private final RetiredAgents retired;
    private volatile boolean caughtUp;

    public WorldState(EventCodec codec, KernelConfig config, StoreConfig store, EventStore events) {
        super("world state", Delivery.ON_COMMIT, config.answerTimeout());
        this.codec = codec;
        this.retired = new RetiredAgents(events, codec);
        this.readOnly = store.readOnly();
    }

    /**
     * Called once the log is replayed.
     *
     * @throws UnknownEventTypeException when the log holds an event of a type this version does not know,
     *     unless the service is read-only: every write after it would be committed but never applied
     */
    @Override
    public void start() {
        Optional<RuntimeException> unknown = stopped();
        if (unknown.isPresent() && !readOnly) {
            throw unknown.get();
        }
        unknown.ifPresent(e -> Log.warnf("%s. Read-only, the service starts with the world state stopped before it",
                e.getMessage()));
        caughtUp = true;
    }

    /**
     * Whether the replay of the log at start has finished and the state is current: false once it stopped
     * at an event of a type this version does not know.
     */
    public boolean isCaughtUp() {
        return caughtUp && stopped().isEmpty();
    }

    @Override
    public Optional<SnapshotForm<?>> snapshotForm() {
        // Version 3: terminated agents without held descendants are gone (2), queued tasks carry their approval.
        return Optional.of(SnapshotForm.of(3, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private Snapshot snapshot() {
        return new Snapshot(Map.copyOf(agents)); // the views are immutable: copying the map is enough
    }

    private void restoreSnapshot(Snapshot state) {
        agents.putAll(state.agents());
        agents.values().forEach(this::countChild);
    }

    /**
     * The world state in a snapshot (format version 3).
     *
     * @param agents Every agent it holds by id: the live ones and the terminated ancestors of live ones.
     */
    public record Snapshot(Map<String, AgentView> agents) {}

    /** One agent, a terminated one included (read back from the log when it is no longer held). */
    public Optional<AgentView> agent(String id) {
        AgentView agent = agents.get(id);
        return agent != null ? Optional.of(agent) : retired.find(id);
    }

    /** Whether it holds the agent in memory: false for an unknown one and for a terminated one it let go. */
    public boolean holds(String id) {
        return agents.containsKey(id);
    }

    /** Whether the agent is spawned and not terminated: false for an unknown one and for a terminated one. */
    public boolean isLive(String id) {
        AgentView agent = agents.get(id);
        return agent != null && agent.state() != AgentStatus.TERMINATED;
    }

    /** How many agents it holds in memory. */
    public int held() {
        return agents.size();
    }

    /** Tasks waiting to start, over all agents: an agent's running task stays first in its queue until it ends. */
    public long waitingTasks() {
        long waiting = 0;
        for (AgentView agent : agents.values()) {
            waiting += agent.queuedTasks().size() - (agent.running() != null ? 1 : 0);
        }
        return waiting;
    }

    /** Task attempts running, over all agents (one per agent at most). */
    public long runningTasks() {
        return agents.values().stream().filter(agent -> agent.running() != null).count();
    }

    /** The agents it holds (every live one), sorted by name then id for a stable listing. */
    public List<AgentView> agents() {
        List<AgentView> all = new ArrayList<>(agents.values());
        all.sort(Comparator.comparing(AgentView::name).thenComparing(AgentView::id));
        return all;
    }

    /**
     * The latest approval of every queued task that asked for one, with its agent and task, oldest request
     * first among the agents' order by name. A scan, like {@link #agents()}: approvals are few.
     */
    public List<AwaitedApproval> approvals() {
        List<AwaitedApproval> all = new ArrayList<>();
        for (AgentView agent : agents()) {
            agent.queuedTasks().stream().filter(task -> task.approval() != null)
                    .forEach(task -> all.add(new AwaitedApproval(agent, task)));
        }
        return all;
    }

    /** The approval with this id, if a queued task still holds it. */
    public Optional<AwaitedApproval> approval(String approvalId) {
        return approvals().stream().filter(a -> a.approval().approvalId().equals(approvalId)).findFirst();
    }

    /**
     * A queued task's latest approval.
     *
     * @param agent The agent whose task asked.
     * @param task  The task.
     */
    public record AwaitedApproval(AgentView agent, QueuedTask task) {

        public TaskApproval approval() {
            return task.approval();
        }
    }

    /** The agent as the security layer sees it: its vault and its lineage up to the root. */
    public Target targetOf(AgentView agent) {
        List<String> lineage = new ArrayList<>();
        for (AgentView a = agent; a != null; a = a.parent() == null ? null : agent(a.parent()).orElse(null)) {
            lineage.add(a.id());
        }
        return new Target(agent.id(), agent.vault(), lineage);
    }

    /**
     * Applies one event. Every event passes here, so this projection is the one that checks every type is
     * known: at an unknown one it stops, as at a gap, rather than show a state the log does not hold.
     */
    @Override
    protected void apply(StoredEvent event) {
        Optional<AgentEvent> agentEvent;
        try {
            agentEvent = codec.decode(event, AgentEvent.class);
        } catch (UnknownEventTypeException e) {
            stopBefore(e);
            if (caughtUp) { // at start, start() reports it
                Log.errorf("%s. The world state stops before it: readiness is down, and writes answer 503 at their"
                        + " deadline", e.getMessage());
            }
            return;
        }
        if (agentEvent.isEmpty() && !event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            return;
        }
        // An extension's event names no agent: it is the stream's.
        String agentId = agentEvent.map(AgentEvent::agentId)
                .orElseGet(() -> event.streamId().substring(KernelEvent.AGENT_STREAM_PREFIX.length()));
        AgentView before = agents.get(agentId);
        AgentView after = applied(before, agentEvent, event);
        if (before == null && !(agentEvent.orElse(null) instanceof AgentSpawned)) {
            retired.changed(agentId, event.position()); // an event of an agent let go (or never spawned)
        } else if (after.state() == AgentStatus.TERMINATED && !heldChildren.containsKey(agentId)) {
            letGo(after, event.position());
        } else {
            agents.put(agentId, after);
            if (before == null) {
                countChild(after);
            }
        }
    }

    /**
     * The agent after one event of its stream, {@code agent} being its view before ({@code null} before it was
     * spawned): {@code event} is the event decoded, empty for an extension's event (the state stays, the stream
     * version moves on). The one rule of the world state, also used to read a terminated agent back from the log.
     */
    static AgentView applied(AgentView agent, Optional<AgentEvent> event, StoredEvent stored) {
        long version = stored.streamVersion();
        if (event.orElse(null) instanceof AgentSpawned spawned) {
            return new AgentView(spawned.agentId(), spawned.parent(), spawned.name(), spawned.type(), spawned.vault(),
                    spawned.timeout(), spawned.mandate(), AgentStatus.READY, List.of(), null, version);
        }
        if (agent == null) {
            return null;
        }
        return event.map(e -> next(agent, e, stored.metadata(), version))
                .orElseGet(() -> agent.with(agent.state(), agent.queuedTasks(), version));
    }

    private void countChild(AgentView agent) {
        if (agent.parent() != null && agents.containsKey(agent.parent())) {
            heldChildren.merge(agent.parent(), 1, Integer::sum);
        }
    }

    /** Drops a terminated agent with no held descendants, then its terminated ancestors left without any. */
    private void letGo(AgentView agent, long position) {
        agents.remove(agent.id());
        retired.changed(agent.id(), position);
        String parentId = agent.parent();
        if (parentId == null || heldChildren.computeIfPresent(parentId, (id, n) -> n == 1 ? null : n - 1) != null) {
            return;
        }
        AgentView parent = agents.get(parentId);
        if (parent != null && parent.state() == AgentStatus.TERMINATED) {
            letGo(parent, position);
        }
    }

    /** The agent after one of its events, stored with {@code metadata}: its state by {@link AgentLifecycle}, its queue and attempt here. */
    private static AgentView next(AgentView agent, AgentEvent event, EventMetadata metadata, long version) {
        AgentStatus state = new AgentLifecycle(agent.state(), agent.running() != null, agent.mandate().run() != null)
                .after(event).state();
        if (event instanceof TaskScheduled scheduled) {
            return agent.with(state, agent.queue().plus(
                    new QueuedTask(scheduled.taskId(), scheduled.description(), 0, metadata)), version);
        }
        if (event instanceof TaskStarted started) {
            int index = agent.indexOf(started.taskId());
            PVector<QueuedTask> tasks = index < 0 ? agent.queue() : agent.queue().with(index,
                    agent.queuedTasks().get(index).attempted(started.attempt()));
            return agent.with(state, tasks, new RunningTask(started.taskId(), started.attempt(), started.instance()),
                    version);
        }
        if (event instanceof TaskCompleted completed) {
            return agent.with(state, without(agent, completed.taskId()), null, version);
        }
        if (event instanceof TaskFailed failed) {
            return attemptFailed(agent, state, failed.taskId(), failed.retrying(), version);
        }
        if (event instanceof TaskTimedOut timedOut) {
            return attemptFailed(agent, state, timedOut.taskId(), timedOut.retrying(), version);
        }
        if (event instanceof TaskCancelled cancelled) {
            return agent.with(state, without(agent, cancelled.taskId()), null, version);
        }
        if (event instanceof ApprovalRequested requested) {
            return agent.with(state, withApproval(agent, requested.taskId(), task -> new TaskApproval(
                    requested.approvalId(), requested.toolId(), requested.argumentsSha256(), requested.attempt(),
                    requested.step(), requested.modelCall(), requested.expiresAt(), TaskApproval.State.PENDING, null, null)), null, version);
        }
        if (event instanceof ApprovalGranted granted) {
            return agent.with(state, decided(agent, granted.taskId(), TaskApproval.State.GRANTED, null,
                    granted.token()), version);
        }
        if (event instanceof ApprovalRejected rejected) {
            return agent.with(state, decided(agent, rejected.taskId(), TaskApproval.State.REJECTED, rejected.reason(),
                    null), version);
        }
        if (event instanceof ApprovalExpired expired) {
            return agent.with(state, decided(agent, expired.taskId(), TaskApproval.State.EXPIRED,
                    "nobody answered before " + agent.queued(expired.taskId()).map(QueuedTask::approval)
                            .map(TaskApproval::expiresAt).orElse(null), null), version);
        }
        return agent.with(state, agent.queuedTasks(), version);
    }

    private static List<QueuedTask> decided(AgentView agent, String taskId, TaskApproval.State decision, String reason,
            String token) {
        return withApproval(agent, taskId, task -> task.approval().decided(decision, reason, token));
    }

    private static List<QueuedTask> withApproval(AgentView agent, String taskId,
            Function<QueuedTask, TaskApproval> approvalOf) {
        int index = agent.indexOf(taskId);
        if (index < 0) {
            return agent.queuedTasks();
        }
        QueuedTask task = agent.queuedTasks().get(index);
        return agent.queue().with(index, task.awaiting(approvalOf.apply(task)));
    }

    /** After a failed attempt the task leaves the queue unless it is retried. */
    private static AgentView attemptFailed(AgentView agent, AgentStatus state, String taskId, boolean retrying,
            long version) {
        return agent.with(state, retrying ? agent.queuedTasks() : without(agent, taskId), null, version);
    }

    private static List<QueuedTask> without(AgentView agent, String taskId) {
        int index = agent.indexOf(taskId);
        return index < 0 ? agent.queuedTasks() : agent.queue().minus(index);
    }
}
