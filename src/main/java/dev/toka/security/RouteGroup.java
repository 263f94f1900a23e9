package dev.toka.security;

/** Groups of routes that share a rate limit; token issuance is stricter than reads. */
public enum RouteGroup {
    /** Issuing, delegating and revoking tokens, rotating keys. */
    ISSUE,
    /** Operations that change the world. */
    WRITE,
    /** Queries and streams. */
    READ,
    /** Tool calls, counted per principal on top of the route's own group. */
    TOOL
}
