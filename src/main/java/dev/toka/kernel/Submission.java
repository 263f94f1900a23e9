package dev.toka.kernel;

import dev.toka.store.StoredEvent;
import dev.toka.security.IssuedToken;
import java.util.List;
import java.util.Optional;

/**
 * The result of an applied operation.
 *
 * @param agentId The agent the operation acted on (for a spawn, the new agent).
 * @param events  The events as stored.
 * @param token   The token the operation issued (a spawn with a {@code token}), if any.
 */
public record Submission(String agentId, List<StoredEvent> events, Optional<IssuedToken> token) {

    public Submission {
        events = List.copyOf(events);
        token = token == null ? Optional.empty() : token;
    }

    /** The result of an operation that issued no token. */
    public Submission(String agentId, List<StoredEvent> events) {
        this(agentId, events, Optional.empty());
    }
}
