package dev.toka.security.tokens;

import dev.toka.bus.Projection;
import dev.toka.bus.SnapshotForm;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SecurityEvents.SubjectRevoked;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.security.SubjectEnded;
import dev.toka.security.keys.SigningKeys;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the security layer's state current from the log: signing keys and token revocations,
 * replayed at start and then followed live, so a revocation or a new key written by any instance
 * reaches every instance.
 *
 * <p>Applied on commit, like the world state: a revocation must be refused at once. When
 * {@code revoke} (or a terminate, which revokes the agent's tokens) returns, its caller, and every
 * request after it, must find the token refused on this instance; a queued projection would let the
 * revoked token through for as long as its queue lags. For other events its apply is a look-up of the
 * type in the registry, with no parse.
 */
@Singleton
class SecurityProjection extends Projection {

    private final EventCodec codec;
    private final SigningKeys keys;
    private final TokenRegistry tokens;

    SecurityProjection(EventCodec codec, SigningKeys keys, TokenRegistry tokens,
            @ConfigProperty(name = "toka.kernel.answer-timeout") Duration timeout) {
        super("security", Delivery.ON_COMMIT, timeout);
        this.codec = codec;
        this.keys = keys;
        this.tokens = tokens;
    }

    /** Once the log is replayed, refuses to start when the key-encryption key does not open its signing keys. */
    @Override
    public void start() {
        keys.requireAllOpened();
    }

    @Override
    public Optional<SnapshotForm<?>> snapshotForm() {
        return Optional.of(SnapshotForm.of(1, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private Snapshot snapshot() {
        return new Snapshot(keys.sealedKeys(), tokens.issued(), tokens.revoked());
    }

    private void restoreSnapshot(Snapshot state) {
        // Opened again with this instance's key-encryption key; start() refuses one that does not open.
        state.keys().values().forEach(keys::onKeyCreated);
        tokens.restore(state.issued(), state.revoked());
    }

    /**
     * The security state in a snapshot (format version 1). Private keys stay sealed under the key-encryption key.
     *
     * @param keys    Every signing key by kid, as the log holds it.
     * @param issued  The tokens issued, by jti, until they expire.
     * @param revoked The revoked token ids, each with the expiry after which the revocation is moot.
     */
    public record Snapshot(Map<String, SigningKeyCreated> keys, Map<String, TokenIssued> issued,
            Map<String, Instant> revoked) {}

    @Scheduled(every = "10m", delayed = "10m")
    void prune() {
        tokens.prune();
    }

    @Override
    protected void apply(StoredEvent event) {
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
