package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentEvent;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The terminated agents the world state no longer holds, read back from the log on demand: the agent's own
 * stream folded by the world state's own rule ({@link WorldState#applied}), so a lookup sees exactly the view
 * the world state would have kept. The last {@value #CACHED} looked up are cached, so the size of this is
 * bounded whatever the length of the history.
 */
final class RetiredAgents {

    /** Views kept, least recently used dropped first: enough for a page of events of different agents. */
    static final int CACHED = 4_096;

    private final EventStore store;
    private final EventCodec codec;
    private final Map<String, AgentView> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AgentView> eldest) {
            return size() > CACHED;
        }
    };
    // The position of the last event that changed a retired agent: a lookup that read the log before it must
    // not cache what it read (it may lack that event).
    private long changedAt;

    RetiredAgents(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The terminated agent {@code id} as the log holds it; empty when the log holds no terminated agent of that id. */
    Optional<AgentView> find(String id) {
        synchronized (this) {
            AgentView cached = cache.get(id);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        long head = store.headPosition();
        AgentView folded = fold(id);
        if (folded == null || folded.state() != AgentStatus.TERMINATED) {
            return Optional.empty(); // never spawned, or live (the world state holds it, or will in a moment)
        }
        synchronized (this) {
            if (changedAt <= head) {
                cache.put(id, folded);
            }
        }
        return Optional.of(folded);
    }

    /** Forgets what it read of {@code id}: the event at {@code position} changed that agent. */
    synchronized void changed(String id, long position) {
        cache.remove(id);
        changedAt = Math.max(changedAt, position);
    }

    /** How many views it holds. */
    synchronized int cached() {
        return cache.size();
    }

    private AgentView fold(String id) {
        AgentView agent = null;
        for (StoredEvent event : store.readStream(KernelEvent.streamOf(id))) {
            agent = WorldState.applied(agent, codec.decode(event, AgentEvent.class), event);
        }
        return agent;
    }
}
