package dev.toka.security;

import dev.toka.bus.EventFeed;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SecurityEvents.SubjectRevoked;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.store.JsonEvents;
import dev.toka.store.StoredEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Keeps the security layer's state current from the log: signing keys and token revocations,
 * replayed at start and then followed live, so a revocation or a new key written by any instance
 * reaches every instance.
 */
@Singleton
class SecurityProjection {

    /** The kernel's termination event: a terminated agent's tokens are revoked with it. */
    static final String AGENT_TERMINATED = "AgentTerminated";
    private static final String AGENT_STREAM_PREFIX = "agent-";

    private final EventFeed feed;
    private final JsonEvents events;
    private final SigningKeys keys;
    private final TokenRegistry tokens;
    private AutoCloseable subscription;

    SecurityProjection(EventFeed feed, JsonEvents events, SigningKeys keys, TokenRegistry tokens) {
        this.feed = feed;
        this.events = events;
        this.keys = keys;
        this.tokens = tokens;
    }

    /** Replays the log, then refuses to start when the key-encryption key does not open its signing keys. */
    void onStart(@Observes @Priority(5) StartupEvent start) {
        subscription = feed.follow(1, this::apply);
        keys.requireAllOpened();
    }

    void onStop(@Observes ShutdownEvent stop) throws Exception {
        if (subscription != null) {
            subscription.close();
        }
    }

    @Scheduled(every = "10m", delayed = "10m")
    void prune() {
        tokens.prune();
    }

    private void apply(StoredEvent event) {
        if (event.streamId().startsWith(AGENT_STREAM_PREFIX)) {
            if (event.type().equals(AGENT_TERMINATED)) {
                tokens.onSubjectRevoked(event.streamId().substring(AGENT_STREAM_PREFIX.length()));
            }
            return;
        }
        if (!event.streamId().equals(SecurityEvents.STREAM)) {
            return;
        }
        switch (event.type()) {
            case "SigningKeyCreated" -> keys.onKeyCreated(events.payload(event, SigningKeyCreated.class));
            case "TokenIssued" -> tokens.onIssued(events.payload(event, TokenIssued.class));
            case "TokenRevoked" -> {
                TokenRevoked revoked = events.payload(event, TokenRevoked.class);
                tokens.onRevoked(revoked.jti(), revoked.expiresAt());
            }
            case "SubjectRevoked" -> tokens.onSubjectRevoked(events.payload(event, SubjectRevoked.class).subject());
            default -> {
                // Other security events (the admin credential) are read where they are used.
            }
        }
    }
}
