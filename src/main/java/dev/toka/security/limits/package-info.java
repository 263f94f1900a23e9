/**
 * Request quotas per route group, caller and model call, and the back-off of addresses that fail to authenticate.
 * Public face, for {@code policy} only: {@link dev.toka.security.limits.RateLimits} and
 * {@link dev.toka.security.limits.AuthFailureBackoff}; quota parsing is internal.
 */
package dev.toka.security.limits;
