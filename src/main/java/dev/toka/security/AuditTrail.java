package dev.toka.security;

import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.JsonEvents;
import dev.toka.store.NewEvent;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import jakarta.inject.Singleton;
import java.util.List;

/** Writes audit entries into the hash-chained log, stream {@value SecurityEvents#AUDIT_STREAM}. */
@Singleton
public class AuditTrail {

    static final String ANONYMOUS = "anonymous";

    private final EventStore store;
    private final JsonEvents events;

    public AuditTrail(EventStore store, JsonEvents events) {
        this.store = store;
        this.events = events;
    }

    /**
     * Records an entry; returns once it is committed. On an event loop, which must never wait for a
     * commit, it returns once the entry is queued for the next group commit instead.
     */
    public void record(AuditRecorded entry) {
        if (Context.isOnEventLoopThread()) {
            recordLater(entry);
        } else {
            store.append(SecurityEvents.AUDIT_STREAM, ExpectedVersion.any(), List.of(toEvent(entry)));
        }
    }

    /**
     * Records an entry without waiting for the commit: for rate-limit refusals, where a flood of
     * requests must not also hold a flood of threads.
     */
    public void recordLater(AuditRecorded entry) {
        store.appendAsync(SecurityEvents.AUDIT_STREAM, ExpectedVersion.any(), List.of(toEvent(entry)))
                .exceptionally(failure -> {
                    Log.warnf(failure, "could not record audit entry %s", entry);
                    return null;
                });
    }

    private NewEvent toEvent(AuditRecorded entry) {
        return events.toNewEvent(entry, EventMetadata.of(entry.principal()));
    }
}
