package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.ProblemKind;
import dev.toka.TokaException;
import dev.toka.security.AuditedRefusal;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates every request to the MCP endpoint before the MCP server sees it, and before its body
 * is read, exactly as {@link CallerFilter} does for the API: the same credential check, the same
 * failing-address back-off, the same route-group quotas (a POST counts as a write, a GET or DELETE as
 * a read) and the same audited 401/429 problem answers. The MCP server's own routes are not JAX-RS,
 * so the API's filter never runs for them: this gate is what keeps the endpoint from being a way around it.
 */
@Singleton
class McpGate {

    /** Where the admitted caller waits for the MCP server's handlers, in the request's routing context. */
    static final String CALLER = "toka.mcp.caller";

    private static final String ACTION = "mcp";

    private final SecurityPolicyCoordinator security;
    private final ObjectMapper mapper;
    private final Pattern endpoint;

    McpGate(SecurityPolicyCoordinator security, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.mcp.server.http.root-path", defaultValue = "/mcp") String rootPath) {
        this.security = security;
        this.mapper = mapper;
        this.endpoint = Pattern.compile(Pattern.quote(rootPath.replaceAll("/+$", "")) + "(/.*)?");
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        if (!endpoint.matcher(context.normalizedPath()).matches()) {
            context.next();
            return;
        }
        RouteGroup group = context.request().method() == HttpMethod.POST ? RouteGroup.WRITE : RouteGroup.READ;
        Caller caller;
        try {
            caller = security.authenticate(CallerFilter.authorizationOf(context.request()),
                    CallerFilter.addressOf(context.request()), group, ACTION);
        } catch (TokaException refusal) {
            refuse(context, refusal);
            return;
        }
        if (caller.rateLimit() != null) {
            caller.rateLimit().headers().forEach((name, value) -> context.response().putHeader(name, String.valueOf(value)));
        }
        context.put(CALLER, caller);
        context.next();
    }

    /** The refusal as a problem answer, once its audit entry is in the log (no answer overtakes its audit). */
    private void refuse(RoutingContext context, TokaException refusal) {
        CompletableFuture<Void> audited = refusal instanceof AuditedRefusal recorded
                ? recorded.auditRecorded()
                : CompletableFuture.completedFuture(null);
        audited.whenComplete((done, failure) -> context.vertx().runOnContext(ignored -> answer(context, refusal)));
    }

    private void answer(RoutingContext context, TokaException refusal) {
        ProblemKind kind = refusal.problemKind();
        Problem problem = new Problem(kind.type(), kind.title(), kind.status(), refusal.problemDetail(),
                context.normalizedPath(), refusal.problemMembers());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
        refusal.problemHeaders().forEach((name, value) -> context.response().putHeader(name, String.valueOf(value)));
        // The body was never read: the connection ends with the answer.
        context.response().setStatusCode(kind.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ended -> context.request().connection().close());
        context.response().end(body);
    }
}
