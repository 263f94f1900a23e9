package dev.toka.security.tokens;

import dev.toka.bus.EventFeed;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SecurityEvents.SubjectRevoked;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.security.SubjectEnded;
import dev.toka.security.keys.SigningKeys;
import dev.toka.store.EventCodec;
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

    private final EventFeed feed;
    private final EventCodec codec;
    private final SigningKeys keys;
    private final TokenRegistry tokens;
    private AutoCloseable subscription;

    SecurityProjection(EventFeed feed, EventCodec codec, SigningKeys keys, TokenRegistry tokens) {
        this.feed = feed;
        this.codec = codec;
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
        if (!event.streamId().equals(SecurityEvents.STREAM)) {
            // A terminated agent's tokens end with it, whichever layer's event says so.
            codec.decode(event, SubjectEnded.class).ifPresent(ended -> tokens.onSubjectRevoked(ended.endedSubject()));
            return;
        }
        Object decoded = codec.decode(event);
        if (decoded instanceof SigningKeyCreated created) {
            keys.onKeyCreated(created);
        } else if (decoded instanceof TokenIssued issued) {
            tokens.onIssued(issued);
        } else if (decoded instanceof TokenRevoked revoked) {
            tokens.onRevoked(revoked.jti(), revoked.expiresAt());
        } else if (decoded instanceof SubjectRevoked revoked) {
            tokens.onSubjectRevoked(revoked.subject());
        }
        // Other security events (the admin credential) are read where they are used.
    }
}
