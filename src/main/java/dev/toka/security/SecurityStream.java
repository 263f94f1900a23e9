package dev.toka.security;

import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.JsonEvents;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Appends the security layer's state events (tokens, revocations) to stream {@value SecurityEvents#STREAM}. */
@Singleton
class SecurityStream {

    private final EventStore store;
    private final JsonEvents events;

    SecurityStream(EventStore store, JsonEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Appends one event and returns once it is committed and so on its way to every projection. */
    void append(Object event, String principal) {
        store.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                List.of(events.toNewEvent(event, EventMetadata.of(principal))));
    }

    /** Appends one event without waiting; the result completes once it is committed. */
    CompletableFuture<Void> appendAsync(Object event, String principal) {
        return store.appendAsync(SecurityEvents.STREAM, ExpectedVersion.any(),
                List.of(events.toNewEvent(event, EventMetadata.of(principal)))).thenApply(stored -> null);
    }
}
