package dev.toka.api;

import dev.toka.security.Caller;
import dev.toka.security.SecurityPolicyCoordinator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/** Turns an HTTP request into an authenticated {@link Caller} through the coordinator. */
@ApplicationScoped
class Callers {

    private final SecurityPolicyCoordinator security;

    Callers(SecurityPolicyCoordinator security) {
        this.security = security;
    }

    /** Authenticates the request; {@code action} names what it attempts, for the audit trail. */
    Caller of(HttpServerRequest request, String action) {
        return security.authenticate(Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)),
                addressOf(request), action);
    }

    static String addressOf(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
