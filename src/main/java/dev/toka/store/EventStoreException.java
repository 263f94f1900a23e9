package dev.toka.store;

import dev.toka.RetriableException;

/** The storage backend failed (connection lost, disk full, lock timeout): retrying later may succeed (HTTP 503). */
public final class EventStoreException extends RetriableException {

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
