package dev.toka.store;

import dev.toka.ProblemKind;
import dev.toka.RetriableException;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The storage backend failed (connection lost, disk full, lock timeout): retrying later may succeed (HTTP 503). */
public final class EventStoreException extends RetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(503, "service-unavailable",
            "A backend is unavailable; retry later");

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    /** The backend's own message may name its internals; the client learns only that nothing was written. */
    @Override
    public String problemDetail() {
        return "the event store is unavailable; nothing was written";
    }

    @Override
    public Map<String, Object> problemHeaders() {
        return Map.of("Retry-After", 1);
    }

    @Override
    public Optional<Logger.Level> problemLogLevel() {
        return Optional.of(Logger.Level.ERROR);
    }
}
