package dev.toka.security.tokens;

import dev.toka.security.Principal;
import dev.toka.security.SecurityEvents.TokenIssued;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens issued and revoked, a projection of the {@code security} stream (fed by
 * {@link SecurityProjection}). A token is revoked when its own id or the id of any token it was
 * delegated from is revoked, so revoking a token revokes everything derived from it at once.
 */
@Singleton
public class TokenRegistry {

    private final Clock clock;
    private final Map<String, TokenIssued> issued = new ConcurrentHashMap<>();
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    TokenRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Whether a token, or any token it was delegated from, is revoked. */
    public boolean isRevoked(Principal principal) {
        if (principal.tokenId() == null) {
            return false;
        }
        if (revoked.containsKey(principal.tokenId())) {
            return true;
        }
        for (String ancestor : principal.chain()) {
            if (revoked.containsKey(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /** A token issued by this service, while it has not expired. */
    public Optional<TokenIssued> find(String jti) {
        return Optional.ofNullable(issued.get(jti)).filter(t -> t.expiresAt().isAfter(clock.instant()));
    }

    void onIssued(TokenIssued token) {
        issued.put(token.jti(), token);
    }

    void onRevoked(String jti, Instant expiresAt) {
        revoked.put(jti, expiresAt);
    }

    /** Revokes every token of {@code subject} known so far, which is every token issued before this point in the log. */
    void onSubjectRevoked(String subject) {
        issued.values().stream()
                .filter(token -> token.subject().equals(subject))
                .forEach(token -> revoked.put(token.jti(), token.expiresAt()));
    }

    /** The tokens issued and not pruned, by jti: a copy for a snapshot. */
    Map<String, TokenIssued> issued() {
        return Map.copyOf(issued);
    }

    /** The revocations not pruned, jti to the revoked token's expiry: a copy for a snapshot. */
    Map<String, Instant> revoked() {
        return Map.copyOf(revoked);
    }

    /** Takes a snapshot's tokens and revocations, before the security projection starts. */
    void restore(Map<String, TokenIssued> issuedTokens, Map<String, Instant> revocations) {
        issued.putAll(issuedTokens);
        revoked.putAll(revocations);
    }

    /** Forgets tokens and revocations that expired: an expired token is refused anyway. */
    void prune() {
        Instant now = clock.instant();
        issued.values().removeIf(token -> token.expiresAt().isBefore(now));
        revoked.values().removeIf(expiry -> expiry.isBefore(now));
    }
}
