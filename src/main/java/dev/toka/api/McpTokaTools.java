package dev.toka.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.InvalidFieldException;
import dev.toka.TokaException;
import dev.toka.security.AuditedRefusal;
import dev.toka.security.Caller;
import dev.toka.tools.ToolCall;
import dev.toka.tools.ToolInvoker;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolOutcome;
import dev.toka.tools.ToolRegistry;
import dev.toka.tools.ToolScope;
import dev.toka.tools.ToolScopes;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves every Toka tool over MCP under its id, kept in step with the registry (YAML manifests come and
 * go, MCP servers connect). A call runs through {@link ToolInvoker} as the token's own agent, exactly
 * like {@code POST /api/v1/tools/{id}/invoke} without a run: authorised, counted against the tool quota,
 * validated, recorded; a refusal is audited by the policy before the answer leaves.
 */
@Singleton
class McpTokaTools {

    /** How long an answer waits for its refusal's audit entry. */
    private static final long AUDIT_WAIT_SECONDS = 10;

    private final ToolRegistry registry;
    private final ToolInvoker invoker;
    private final ToolScopes scopes;
    private final McpToolExposure exposure;
    private final McpCallers callers;
    private final ObjectMapper mapper;
    private final Set<String> served = new HashSet<>();

    McpTokaTools(ToolRegistry registry, ToolInvoker invoker, ToolScopes scopes, McpToolExposure exposure,
            McpCallers callers, ObjectMapper mapper) {
        this.registry = registry;
        this.invoker = invoker;
        this.scopes = scopes;
        this.exposure = exposure;
        this.callers = callers;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent event) {
        sync();
    }

    /** Serves the registry's tools as they are now. */
    @Scheduled(every = "${toka.tools.manifest-scan-interval:PT2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sync() {
        Set<String> now = new HashSet<>();
        for (ToolManifest manifest : registry.all()) {
            String id = manifest.id();
            if (exposure.serves(id) && !served.contains(id)) {
                Log.warnf("tool %s is not served over MCP: the name is taken by a run operation", id);
                continue;
            }
            now.add(id);
            exposure.expose(id, new McpToolExposure.Exposed(manifest.description(), manifest.inputSchema(),
                    manifest.permission(), arguments -> call(id, arguments)));
        }
        served.stream().filter(id -> !now.contains(id)).forEach(exposure::withdraw);
        served.clear();
        served.addAll(now);
    }

    private ToolResponse call(String toolId, ToolManager.ToolArguments arguments) {
        Caller caller = callers.require();
        JsonNode input = mapper.valueToTree(arguments.args());
        try {
            ToolCall call = new ToolCall(toolId, input, scopeOf(caller, toolId), null);
            ToolOutcome outcome = invoker.invoke(caller, call);
            if (outcome instanceof ToolOutcome.Completed completed) {
                return ToolResponse.success(new TextContent(completed.output().toString()));
            }
            return ToolResponse.error(((ToolOutcome.Failed) outcome).reason());
        } catch (TokaException refusal) {
            return refused(refusal);
        }
    }

    /** The call acts for the token's own agent, without a run; a scope refused here is recorded like the API's. */
    private ToolScope scopeOf(Caller caller, String toolId) {
        try {
            return scopes.scopeFor(caller, caller.principal().subject(), null, null);
        } catch (InvalidFieldException refusal) {
            invoker.refused(caller, toolId, caller.principal().subject(), refusal);
            throw refusal;
        }
    }

    /** A refusal as an error result the model can read, sent once its audit entry is in the log. */
    static ToolResponse refused(TokaException refusal) {
        if (refusal instanceof AuditedRefusal audited) {
            try {
                audited.auditRecorded().get(AUDIT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Log.warnf("answering an MCP refusal before its audit entry was confirmed: %s", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ToolResponse.error(refusal.problemKind().slug() + ": " + refusal.getMessage());
    }
}
