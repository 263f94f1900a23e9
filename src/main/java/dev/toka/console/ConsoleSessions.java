package dev.toka.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's sessions, held in this instance's memory: a bounded map (least recently used out first)
 * whose entries end after {@link ConsoleConfig#sessionIdleTimeout()} without a request or
 * {@link ConsoleConfig#sessionLifetime()} after sign-in. Kept on the server rather than in an encrypted
 * cookie so that signing out ends the session for good and the credential never leaves the service
 * again; the price is that a fleet needs sticky sessions, or a browser signs in again on another instance.
 */
@Singleton
class ConsoleSessions {

    private static final int ID_BYTES = 32;

    private final Cache<String, ConsoleSession> sessions;
    private final ConsoleConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ConsoleSessions(ConsoleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.sessions = Caffeine.newBuilder()
                .maximumSize(config.maxSessions())
                .expireAfterAccess(config.sessionIdleTimeout())
                .build();
    }

    /** A new session for a credential the coordinator has just accepted. */
    ConsoleSession open(String credential, String subject) {
        ConsoleSession session = new ConsoleSession(randomId(), credential, randomId(), subject, clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id. */
    Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.getIfPresent(id);
        if (session == null) {
            return Optional.empty();
        }
        if (session.openedAt().plus(config.sessionLifetime()).isBefore(Instant.now(clock))) {
            close(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    void close(String id) {
        if (id != null) {
            sessions.invalidate(id);
        }
    }

    private String randomId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
