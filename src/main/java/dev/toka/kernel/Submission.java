package dev.toka.kernel;

import dev.toka.store.StoredEvent;
import java.util.List;

/**
 * The result of an applied operation.
 *
 * @param agentId The agent the operation acted on (for a spawn, the new agent).
 * @param events  The events as stored.
 */
public record Submission(String agentId, List<StoredEvent> events) {

    public Submission {
        events = List.copyOf(events);
    }
}
