package dev.toka.security.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.toka.security.RateLimitStatus;
import dev.toka.security.RateLimitedException;
import dev.toka.security.SecurityConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down failing credentials without locking anyone out. It is consulted only for a request
 * whose credential has already failed, so a valid credential never meets it, from any address.
 *
 * <p>Failures are counted per client address, the source they come from. After the free attempts,
 * each further failure doubles the time during which that address's failing requests are refused
 * with 429, up to a cap. Failures are forgotten only with time, after a quiet period as long as the
 * cap once the last wait is over: a success, with whatever credential, forgives nothing, so valid
 * calls interleaved with guesses do not reset the count.
 */
@Singleton
public class AuthFailureBackoff {

    /** Most addresses remembered at once, so failures from many sources cannot exhaust memory. */
    private static final int MAX_ADDRESSES = 100_000;

    private record Failures(int count, Instant blockedUntil) {}

    private final SecurityConfig.AuthFailures config;
    private final Clock clock;
    private final Cache<String, Failures> byAddress;

    AuthFailureBackoff(SecurityConfig config, Clock clock) {
        this.config = config.authFailures();
        this.clock = clock;
        this.byAddress = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                // An entry matters until its wait plus the quiet period is over: at most twice the cap after it was written.
                .expireAfterWrite(this.config.maxWait().multipliedBy(2))
                .build();
    }

    /**
     * Counts a failed authentication from {@code address}, or refuses it while the address waits.
     * A refused attempt is not counted: the address already waits for the failures before it.
     *
     * @throws RateLimitedException with the seconds left to wait
     */
    public void recordFailure(String address) {
        Instant now = clock.instant();
        byAddress.asMap().compute(address, (key, previous) -> {
            if (previous != null && previous.blockedUntil().isAfter(now)) {
                throw refusal(address, previous, now);
            }
            int count = previous == null || forgotten(previous, now) ? 1 : previous.count() + 1;
            int over = count - config.freeAttempts();
            return new Failures(count, over <= 0 ? now : now.plus(backoff(over)));
        });
    }

    private boolean forgotten(Failures failures, Instant now) {
        return failures.blockedUntil().plus(config.maxWait()).isBefore(now);
    }

    private RateLimitedException refusal(String address, Failures failures, Instant now) {
        // Rounded up, so a client that waits as told is not refused again.
        long wait = Math.max(1, Duration.between(now, failures.blockedUntil()).plusNanos(999_999_999).toSeconds());
        return new RateLimitedException("too many failed authentication attempts from " + address,
                new RateLimitStatus(config.freeAttempts(), 0, wait), wait);
    }

    private Duration backoff(int over) {
        Duration wait = config.firstWait().multipliedBy(1L << Math.min(over - 1, 20));
        return wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
    }
}
