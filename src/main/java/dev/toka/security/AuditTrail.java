package dev.toka.security;

import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.JsonEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Writes audit entries into the hash-chained log, stream {@value SecurityEvents#AUDIT_STREAM}. */
@ApplicationScoped
public class AuditTrail {

    static final String ANONYMOUS = "anonymous";

    private final EventStore store;
    private final JsonEvents events;

    public AuditTrail(EventStore store, JsonEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Records an entry; returns once it is committed. */
    public void record(AuditRecorded entry) {
        store.append(SecurityEvents.AUDIT_STREAM, ExpectedVersion.any(),
                List.of(events.toNewEvent(entry, EventMetadata.of(entry.principal()))));
    }
}
