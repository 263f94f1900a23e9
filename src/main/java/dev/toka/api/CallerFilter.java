package dev.toka.api;

import dev.toka.security.SecurityPolicyCoordinator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves the caller of every request in one place, once, before the resource method runs and
 * before its body is read: a {@link Guarded} route authenticates the credential through the
 * coordinator against its route group's quota (401, a failing address's back-off and the 429 of a
 * used-up quota come from here) into {@link CurrentCaller}; an {@link Anonymous} one admits the
 * request against its address's quota. A body is therefore never parsed for a caller that is refused.
 */
class CallerFilter {

    private final SecurityPolicyCoordinator security;
    private final CurrentCaller current;
    private final RateLimitHeaders headers;

    CallerFilter(SecurityPolicyCoordinator security, CurrentCaller current, RateLimitHeaders headers) {
        this.security = security;
        this.current = current;
        this.headers = headers;
    }

    @ServerRequestFilter
    void admit(ResourceInfo resource, HttpServerRequest request, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Guarded guarded = method.getAnnotation(Guarded.class);
        if (guarded != null) {
            current.set(security.authenticate(authorizationOf(request), addressOf(request), guarded.group(),
                    action(guarded.action(), uri)));
            headers.remember(current.get().rateLimit());
            return;
        }
        Anonymous anonymous = method.getAnnotation(Anonymous.class);
        if (anonymous != null) {
            headers.remember(security.admitAnonymous(addressOf(request), anonymous.action()));
        }
    }

    /** The action with its {@code {name}} placeholders filled from the request's path parameters. */
    private static String action(String template, UriInfo uri) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        String action = template;
        for (Map.Entry<String, List<String>> parameter : uri.getPathParameters().entrySet()) {
            action = action.replace("{" + parameter.getKey() + "}", parameter.getValue().get(0));
        }
        return action;
    }

    /**
     * The one {@code Authorization} header. Two are refused rather than one picked: a proxy or log in
     * front may read the other, and the request would then be judged by a credential nobody saw.
     */
    static Optional<String> authorizationOf(HttpServerRequest request) {
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
