package dev.toka.security;

import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import jakarta.inject.Singleton;

/** Appends the security layer's state events (tokens, revocations) to stream {@value SecurityEvents#STREAM}. */
@Singleton
class SecurityStream {

    private final EventLog log;

    SecurityStream(EventLog log) {
        this.log = log;
    }

    /** Appends one event and returns once it is committed and so on its way to every projection. */
    void append(Object event, String principal) {
        log.append(SecurityEvents.STREAM, ExpectedVersion.any(), event, EventMetadata.of(principal));
    }
}
