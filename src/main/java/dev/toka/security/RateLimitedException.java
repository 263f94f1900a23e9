package dev.toka.security;

import dev.toka.RetriableException;

/** Too many requests (HTTP 429): retry after {@link #retryAfterSeconds()}. */
public final class RateLimitedException extends RetriableException {

    private final RateLimitStatus status;
    private final long retryAfterSeconds;

    public RateLimitedException(String reason, RateLimitStatus status, long retryAfterSeconds) {
        super(reason);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The caller's quota as it stands. */
    public RateLimitStatus status() {
        return status;
    }

    /** Seconds until a retry can succeed (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
