package dev.toka.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a caller stands against its quota after a request, for the {@code RateLimit-*} headers.
 *
 * @param limit        The bucket size.
 * @param remaining    Requests left now.
 * @param resetSeconds Seconds until the bucket is full again.
 */
public record RateLimitStatus(long limit, long remaining, long resetSeconds) {

    /** The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers (IETF draft). */
    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", limit);
        headers.put("RateLimit-Remaining", remaining);
        headers.put("RateLimit-Reset", resetSeconds);
        return headers;
    }
}
