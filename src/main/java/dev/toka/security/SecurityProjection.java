package dev.toka.security;

import dev.toka.bus.Projection;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SecurityEvents.SubjectRevoked;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.store.JsonEvents;
import dev.toka.store.StoredEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the security layer's state current from the log: signing keys and token revocations,
 * replayed at start and then followed live, so a revocation or a new key written by any instance
 * reaches every instance.
 *
 * <p>Applied on commit, like the world state: a revocation must be refused at once. When
 * {@code revoke} (or a terminate, which revokes the agent's tokens) returns, its caller, and every
 * request after it, must find the token refused on this instance; a queued projection would let the
 * revoked token through for as long as its queue lags. For other events its apply is a string comparison.
 */
@Singleton
class SecurityProjection extends Projection {

    /** The kernel's termination event: a terminated agent's tokens are revoked with it. */
    static final String AGENT_TERMINATED = "AgentTerminated";
    private static final String AGENT_STREAM_PREFIX = "agent-";

    private final JsonEvents events;
    private final SigningKeys keys;
    private final TokenRegistry tokens;

    SecurityProjection(JsonEvents events, SigningKeys keys, TokenRegistry tokens,
            @ConfigProperty(name = "toka.kernel.answer-timeout") Duration timeout) {
        super("security", Delivery.ON_COMMIT, timeout);
        this.events = events;
        this.keys = keys;
        this.tokens = tokens;
    }

    /** Once the log is replayed, refuses to start when the key-encryption key does not open its signing keys. */
    @Override
    public void start() {
        keys.requireAllOpened();
    }

    @Scheduled(every = "10m", delayed = "10m")
    void prune() {
        tokens.prune();
    }

    @Override
    protected void apply(StoredEvent event) {
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
