package dev.toka.security;

/**
 * Where a caller stands against its quota after a request, for the {@code RateLimit-*} headers.
 *
 * @param limit        The bucket size.
 * @param remaining    Requests left now.
 * @param resetSeconds Seconds until the bucket is full again.
 */
public record RateLimitStatus(long limit, long remaining, long resetSeconds) {}
