package dev.toka.api;

import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Optional;

/** Turns an HTTP request into an authenticated {@link Caller} through the coordinator. */
@Singleton
class Callers {

    private final SecurityPolicyCoordinator security;
    private final RateLimitHeaders headers;

    Callers(SecurityPolicyCoordinator security, RateLimitHeaders headers) {
        this.security = security;
        this.headers = headers;
    }

    /** Authenticates the request against {@code group}'s quota; {@code action} names what it attempts. */
    Caller of(HttpServerRequest request, RouteGroup group, String action) {
        Caller caller = security.authenticate(authorizationOf(request), addressOf(request), group, action);
        headers.remember(caller.rateLimit());
        return caller;
    }

    /** Admits a request that needs no credential against its address's quota. */
    void admitAnonymous(HttpServerRequest request, String action) {
        headers.remember(security.admitAnonymous(addressOf(request), action));
    }

    /**
     * The one {@code Authorization} header. Two are refused rather than one picked: a proxy or log in
     * front may read the other, and the request would then be judged by a credential nobody saw.
     */
    private static Optional<String> authorizationOf(HttpServerRequest request) {
        List<String> values = request.headers().getAll(HttpHeaders.AUTHORIZATION);
        if (values.size() > 1) {
            throw new InvalidRequestException(HttpHeaders.AUTHORIZATION, "must be sent once, not " + values.size() + " times");
        }
        return values.stream().findFirst();
    }

    /**
     * The connecting peer's address; behind a trusted proxy, the client's address it forwarded.
     * Quarkus's proxy settings rewrite the remote address, and only for peers they trust, so no
     * header is read here (see {@link ProxyForwardingGuard}).
     */
    static String addressOf(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
