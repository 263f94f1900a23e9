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
import dev.toka.store.StoreConfig;
import dev.toka.store.StoredEvent;
import dev.toka.store.UnknownEventTypeException;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
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
 */
@Singleton
public class WorldState extends Projection {

    private final EventCodec codec;
    private final boolean readOnly;
    private final Map<String, AgentView> agents = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public WorldState(EventCodec codec, KernelConfig config, StoreConfig store) {
        super("world state", Delivery.ON_COMMIT, config.answerTimeout());
        this.codec = codec;
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
        return Optional.of(SnapshotForm.of(2, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private Snapshot snapshot() {
        return new Snapshot(Map.copyOf(agents)); // the views are immutable: copying the map is enough
    }

    private void restoreSnapshot(Snapshot state) {
        agents.putAll(state.agents());
    }

    /**
     * The world state in a snapshot (format version 2: queued tasks carry their approval).
     *
     * @param agents Every agent by id.
     */
    public record Snapshot(Map<String, AgentView> agents) {}

    /** One agent. */
    public Optional<AgentView> agent(String id) {
        return Optional.ofNullable(agents.get(id));
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

    /** All agents, sorted by name then id for a stable listing. */
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
        for (AgentView a = agent; a != null; a = a.parent() == null ? null : agents.get(a.parent())) {
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
        if (agentEvent.isPresent()) {
            apply(agentEvent.get(), event);
        } else if (event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            // An extension's declared event: the agent's state stays, its stream version moves on.
            String agentId = event.streamId().substring(KernelEvent.AGENT_STREAM_PREFIX.length());
            agents.computeIfPresent(agentId, (id, a) -> a.with(a.state(), a.queuedTasks(), event.streamVersion()));
        }
    }

    private void apply(AgentEvent event, StoredEvent stored) {
        long version = stored.streamVersion();
        if (event instanceof AgentSpawned spawned) {
            agents.put(spawned.agentId(), new AgentView(spawned.agentId(), spawned.parent(), spawned.name(),
                    spawned.type(), spawned.vault(), spawned.timeout(), spawned.mandate(), AgentStatus.READY, List.of(), null, version));
            return;
        }
        AgentView agent = agents.get(event.agentId());
        if (agent != null) {
            agents.put(agent.id(), next(agent, event, stored.metadata(), version));
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
