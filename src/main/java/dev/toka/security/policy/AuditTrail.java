package dev.toka.security.policy;

import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes audit entries into the hash-chained log, stream {@value SecurityEvents#AUDIT_STREAM}. */
@Singleton
public class AuditTrail {

    static final String ANONYMOUS = "anonymous";

    private final EventLog log;

    AuditTrail(EventLog log) {
        this.log = log;
    }

    /**
     * Queues an entry for the next group commit, without waiting, so it can be called on an event
     * loop. The appender commits in queue order, so anything the caller appends afterwards (the
     * action an entry allows, a task failure after a refusal) commits in the same group or a later
     * one; an answer that must not overtake the entry waits for the returned commit.
     *
     * @return completes once the entry is committed, or its append has failed (logged)
     */
    public CompletableFuture<Void> record(AuditRecorded entry) {
        return log.appendAsync(SecurityEvents.AUDIT_STREAM, ExpectedVersion.any(), List.of(entry),
                        EventMetadata.of(entry.principal()))
                .handle((stored, failure) -> {
                    if (failure != null) {
                        Log.warnf(failure, "could not record audit entry %s", entry);
                    }
                    return null;
                });
    }
}
