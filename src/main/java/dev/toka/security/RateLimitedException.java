package dev.toka.security;

import dev.toka.ProblemKind;
import dev.toka.RetriableException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Too many requests (HTTP 429): retry after {@link #retryAfterSeconds()}. */
public final class RateLimitedException extends RetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(429, "rate-limited",
            "Too many requests; retry after the time given");

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

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("retryAfterSeconds", retryAfterSeconds);
    }

    /** {@code Retry-After} and the caller's {@code RateLimit-*} headers. */
    @Override
    public Map<String, Object> problemHeaders() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Retry-After", retryAfterSeconds);
        headers.putAll(status.headers());
        return headers;
    }
}
