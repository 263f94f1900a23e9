package dev.toka.api;

import dev.toka.security.RateLimitStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers
 * (IETF draft "RateLimit header fields for HTTP") on every answer of a rate-limited route: the
 * request's quota, remembered here when the caller is admitted, written by the response filter.
 */
@RequestScoped
class RateLimitHeaders {

    private RateLimitStatus status;

    void remember(RateLimitStatus status) {
        this.status = status;
    }

    RateLimitStatus status() {
        return status;
    }

    /** Adds the headers to every answer whose request was counted against a quota. */
    static class Filter {

        private final RateLimitHeaders headers;

        Filter(RateLimitHeaders headers) {
            this.headers = headers;
        }

        @ServerResponseFilter
        void addHeaders(ContainerResponseContext response) {
            RateLimitStatus status = headers.status();
            if (status != null && !response.getHeaders().containsKey("RateLimit-Limit")) {
                status.headers().forEach(response.getHeaders()::putSingle);
            }
        }
    }
}
