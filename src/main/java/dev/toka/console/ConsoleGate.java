package dev.toka.console;

import dev.toka.security.AuthenticationException;
import dev.toka.security.Caller;
import dev.toka.security.SecurityPolicyCoordinator;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admits every console request in one place, before the method runs and before a body is read, as
 * {@code CallerFilter} does for the API: a {@link SignedIn} route needs a live session whose credential
 * the coordinator accepts now (so a token revoked after sign-in ends its session at the next click), and
 * anything but a GET must carry the session's CSRF token in {@value #CSRF_HEADER}; a {@link Public} route
 * counts against its address's quota. Without a session the browser is sent to the sign-in page.
 */
class ConsoleGate {

    static final String COOKIE = "toka_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SIGN_IN = "/console/sign-in";

    private final SecurityPolicyCoordinator security;
    private final ConsoleSessions sessions;
    private final ConsoleCaller current;

    ConsoleGate(SecurityPolicyCoordinator security, ConsoleSessions sessions, ConsoleCaller current) {
        this.security = security;
        this.sessions = sessions;
        this.current = current;
    }

    @ServerRequestFilter
    Optional<Response> admit(ResourceInfo resource, HttpServerRequest request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Optional.empty();
        }
        Public open = method.getAnnotation(Public.class);
        if (open != null) {
            security.admitAnonymous(addressOf(request), open.action());
            return Optional.empty();
        }
        SignedIn signedIn = method.getAnnotation(SignedIn.class);
        if (signedIn == null) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookie(COOKIE);
        Optional<ConsoleSession> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            return Optional.of(toSignIn(request, "none"));
        }
        if (request.method() != HttpMethod.GET && !carriesCsrfToken(request, session.get())) {
            return Optional.of(ConsoleErrors.page(null, Response.Status.FORBIDDEN.getStatusCode(), "CSRF token missing",
                    "This request did not carry the session's CSRF token; reload the page and try again."));
        }
        Caller caller;
        try {
            caller = security.authenticate(Optional.of("Bearer " + session.get().credential()), addressOf(request),
                    signedIn.group(), signedIn.action());
        } catch (AuthenticationException e) {
            sessions.close(session.get().id());
            return Optional.of(toSignIn(request, "ended"));
        }
        current.set(session.get(), caller);
        return Optional.empty();
    }

    private static boolean carriesCsrfToken(HttpServerRequest request, ConsoleSession session) {
        String sent = request.getHeader(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /** To the sign-in page, then back: a full redirect for htmx (its requests follow 303s inside the page). */
    private static Response toSignIn(HttpServerRequest request, String why) {
        String back = request.method() == HttpMethod.GET && request.getHeader("HX-Request") == null
                ? "&next=" + URLEncoder.encode(request.uri(), StandardCharsets.UTF_8) : "";
        String location = SIGN_IN + "?session=" + why + back;
        if (request.getHeader("HX-Request") != null) {
            return Response.ok().header("HX-Redirect", location).type(MediaType.TEXT_HTML_TYPE).build();
        }
        return Response.seeOther(java.net.URI.create(location)).build();
    }

    static String addressOf(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
