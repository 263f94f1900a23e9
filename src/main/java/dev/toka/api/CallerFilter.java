package dev.toka.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves the caller of every request in one place, once, before the resource method runs and
 * before its body is read: a {@link Guarded} route authenticates the credential against its route
 * group's quota (401, a failing address's back-off and the 429 of a used-up quota come from here),
 * an {@link Anonymous} one admits the request against its address's quota. A body is therefore
 * never parsed for a caller that is refused.
 */
class CallerFilter {

    private final Callers callers;
    private final CurrentCaller current;

    CallerFilter(Callers callers, CurrentCaller current) {
        this.callers = callers;
        this.current = current;
    }

    @ServerRequestFilter
    void admit(ResourceInfo resource, HttpServerRequest request, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Guarded guarded = method.getAnnotation(Guarded.class);
        if (guarded != null) {
            current.set(callers.of(request, guarded.group(), action(guarded.action(), uri)));
            return;
        }
        Anonymous anonymous = method.getAnnotation(Anonymous.class);
        if (anonymous != null) {
            callers.admitAnonymous(request, anonymous.action());
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
}
