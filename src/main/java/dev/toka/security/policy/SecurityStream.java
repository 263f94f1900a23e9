package dev.toka.security.policy;

import dev.toka.security.SecurityEvents;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    /** Appends one event without waiting; the result completes once it is committed. */
    CompletableFuture<Void> appendAsync(Object event, String principal) {
        return log.appendAsync(SecurityEvents.STREAM, ExpectedVersion.any(), List.of(event), EventMetadata.of(principal))
                .thenApply(stored -> null);
    }
}
