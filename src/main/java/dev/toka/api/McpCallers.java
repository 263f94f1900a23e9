package dev.toka.api;

import dev.toka.security.Caller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The caller {@link McpGate} admitted for the MCP request being handled. */
@Singleton
class McpCallers {

    private final CurrentVertxRequest request;

    McpCallers(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The caller; empty only outside an admitted MCP request. */
    Optional<Caller> current() {
        RoutingContext context = request.getCurrent();
        return Optional.ofNullable(context == null ? null : context.get(McpGate.CALLER));
    }

    /** The caller of a request the gate admitted. */
    Caller require() {
        return current().orElseThrow(() -> new IllegalStateException("an MCP request without an admitted caller"));
    }
}
