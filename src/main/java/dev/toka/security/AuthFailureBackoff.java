package dev.toka.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down guessing: after a number of free authentication failures from one address, each
 * further failure doubles the time that address must wait before it may try again, up to a cap.
 * Only that address waits; a success, or a quiet period as long as the cap, forgives it.
 */
@Singleton
public class AuthFailureBackoff {

    private record Failures(int count, Instant lastFailure, Instant blockedUntil) {}

    private final SecurityConfig.AuthFailures config;
    private final Clock clock;
    private final Cache<String, Failures> byAddress;

    public AuthFailureBackoff(SecurityConfig config, Clock clock) {
        this.config = config.authFailures();
        this.clock = clock;
        this.byAddress = Caffeine.newBuilder().maximumSize(100_000).build();
    }

    /**
     * Refuses an address that must still wait.
     *
     * @throws RateLimitedException with the seconds left to wait
     */
    public void check(String address) {
        Failures failures = byAddress.getIfPresent(address);
        Instant now = clock.instant();
        if (failures != null && failures.blockedUntil().isAfter(now)) {
            long wait = Math.max(1, Duration.between(now, failures.blockedUntil()).toSeconds());
            throw new RateLimitedException("too many failed authentication attempts from " + address,
                    new RateLimitStatus(config.freeAttempts(), 0, wait), wait);
        }
    }

    /** Counts a failure and lengthens the wait once the free attempts are used up. */
    public void recordFailure(String address) {
        Instant now = clock.instant();
        byAddress.asMap().compute(address, (key, previous) -> {
            int count = previous == null || previous.lastFailure().plus(config.maxWait()).isBefore(now)
                    ? 1 : previous.count() + 1;
            int over = count - config.freeAttempts();
            Duration wait = over <= 0 ? Duration.ZERO : backoff(over);
            return new Failures(count, now, now.plus(wait));
        });
    }

    /** Forgives an address once it authenticates. */
    public void recordSuccess(String address) {
        if (byAddress.getIfPresent(address) != null) {
            byAddress.invalidate(address);
        }
    }

    private Duration backoff(int over) {
        Duration wait = config.firstWait().multipliedBy(1L << Math.min(over - 1, 20));
        return wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
    }
}
