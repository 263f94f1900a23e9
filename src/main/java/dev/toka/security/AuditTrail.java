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
import java.util.concurrent.CompletableFuture;

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
     * Records an entry. On a worker thread it returns once the entry is committed; on an event loop,
     * which must never wait for a commit, it returns once the entry is queued for the next group
     * commit, and the future tells when that commit is done.
     *
     * @return completes once the entry is committed, or its append has failed (logged)
     */
    public CompletableFuture<Void> record(AuditRecorded entry) {
        if (Context.isOnEventLoopThread()) {
            return recordLater(entry);
        }
        store.append(SecurityEvents.AUDIT_STREAM, ExpectedVersion.any(), List.of(toEvent(entry)));
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Records an entry without waiting for the commit: for rate-limit refusals, where a flood of
     * requests must not also hold a flood of threads.
     */
    public CompletableFuture<Void> recordLater(AuditRecorded entry) {
        return store.appendAsync(SecurityEvents.AUDIT_STREAM, ExpectedVersion.any(), List.of(toEvent(entry)))
                .handle((stored, failure) -> {
                    if (failure != null) {
                        Log.warnf(failure, "could not record audit entry %s", entry);
                    }
                    return null;
                });
    }

    private NewEvent toEvent(AuditRecorded entry) {
        return events.toNewEvent(entry, EventMetadata.of(entry.principal()));
    }
}
