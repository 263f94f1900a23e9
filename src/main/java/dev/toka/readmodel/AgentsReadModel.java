package dev.toka.readmodel;

import dev.toka.kernel.AgentLifecycle;
import dev.toka.kernel.AgentStatus;
import dev.toka.kernel.KernelConfig;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.KernelEvent.AgentEvent;
import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Keeps {@code read_agents}: every agent ever spawned, with its lifecycle state, from the agents' events. */
@Singleton
public class AgentsReadModel extends ReadModel {

    private final EventCodec codec;

    AgentsReadModel(EventStore store, EventCodec codec, KernelConfig config) {
        super("agents read model", store, config.answerTimeout());
        this.codec = codec;
    }

    @Override
    protected Optional<Runnable> changeOf(StoredEvent event) {
        if (!event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            return Optional.empty(); // not even parsed
        }
        return codec.decode(event, AgentEvent.class).map(agentEvent -> agentEvent instanceof AgentSpawned spawned
                ? () -> spawn(spawned, event)
                : () -> advance(agentEvent));
    }

    private static void spawn(AgentSpawned spawned, StoredEvent event) {
        AgentRow parent = spawned.parent() == null ? null : AgentRow.findById(spawned.parent());
        AgentRow row = new AgentRow();
        row.id = spawned.agentId();
        row.spawnedPosition = event.position();
        row.name = spawned.name();
        row.type = spawned.type();
        row.vault = spawned.vault();
        row.parent = spawned.parent();
        row.lineage = "/" + spawned.agentId() + (parent == null ? "/" : parent.lineage);
        AgentLifecycle lifecycle = AgentLifecycle.spawned(spawned.mandate().run() != null);
        row.state = lifecycle.state().name();
        row.running = lifecycle.running();
        row.ofRun = lifecycle.ofRun();
        row.createdAt = event.recordedAt();
        row.persist();
    }

    private static void advance(AgentEvent event) {
        AgentRow row = AgentRow.findById(event.agentId());
        if (row == null) {
            return; // as in the world state: an event of an agent never spawned changes nothing
        }
        AgentLifecycle next = new AgentLifecycle(AgentStatus.valueOf(row.state), row.running, row.ofRun).after(event);
        row.state = next.state().name();
        row.running = next.running();
    }

    @Override
    protected void deleteRows() {
        AgentRow.deleteAll();
    }
}
