package dev.toka.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Keeps {@code read_agents}: every agent ever spawned, with its lifecycle state, from the agents' events; with
 * the whole view of a terminated one (its mandate and stream version), which the world state lets go of.
 */
@Singleton
public class AgentsReadModel extends ReadModel {

    private final EventCodec codec;
    private final ObjectMapper json;

    AgentsReadModel(EventStore store, EventCodec codec, KernelConfig config, ObjectMapper json) {
        super("agents read model", store, config.answerTimeout());
        this.codec = codec;
        this.json = json;
    }

    @Override
    protected Optional<Runnable> changeOf(StoredEvent event) {
        if (!event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)) {
            return Optional.empty(); // not even parsed
        }
        Optional<AgentEvent> agentEvent = codec.decode(event, AgentEvent.class);
        if (agentEvent.orElse(null) instanceof AgentSpawned spawned) {
            String mandate = mandateOf(spawned);
            return Optional.of(() -> spawn(spawned, mandate, event));
        }
        String agentId = agentEvent.map(AgentEvent::agentId)
                .orElseGet(() -> event.streamId().substring(KernelEvent.AGENT_STREAM_PREFIX.length()));
        // An extension's event moves the stream version on only, as in the world state.
        return Optional.of(() -> advance(agentId, agentEvent, event.streamVersion()));
    }

    private String mandateOf(AgentSpawned spawned) {
        try {
            return json.writeValueAsString(spawned.mandate());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mandate read from the log is written back as JSON", e);
        }
    }

    private static void spawn(AgentSpawned spawned, String mandate, StoredEvent event) {
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
        row.timeout = spawned.timeout();
        row.mandate = mandate;
        row.version = event.streamVersion();
        row.persist();
    }

    private static void advance(String agentId, Optional<AgentEvent> event, long version) {
        AgentRow row = AgentRow.findById(agentId);
        if (row == null) {
            return; // as in the world state: an event of an agent never spawned changes nothing
        }
        row.version = version;
        event.ifPresent(e -> {
            AgentLifecycle next = new AgentLifecycle(AgentStatus.valueOf(row.state), row.running, row.ofRun).after(e);
            row.state = next.state().name();
            row.running = next.running();
        });
    }

    @Override
    protected void deleteRows() {
        AgentRow.deleteAll();
    }
}
