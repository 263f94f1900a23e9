package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.security.Caller;
import dev.toka.security.SecurityPolicyCoordinator;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * The one way to run a tool: find it, let the security policy authorise the caller, validate the
 * input against the schema, claim the idempotency key, run, and record the outcome in the log.
 *
 * @since 0.1
 */
@Singleton
public class ToolInvoker {

    private final ToolRegistry registry;
    private final SecurityPolicyCoordinator security;
    private final ToolScopes scopes;
    private final Workspaces workspaces;
    private final ToolCallLog log;

    ToolInvoker(ToolRegistry registry, SecurityPolicyCoordinator security, ToolScopes scopes, Workspaces workspaces,
            ToolCallLog log) {
        this.registry = registry;
        this.security = security;
        this.scopes = scopes;
        this.workspaces = workspaces;
        this.log = log;
    }

    /**
     * Runs a tool call, or answers a repeated keyed call of a side-effecting tool with its recorded outcome.
     *
     * @throws ToolNotFoundException                       when no tool has the id
     * @throws dev.toka.security.PermissionDeniedException when the caller may not call it for the agent (audited)
     * @throws dev.toka.security.RateLimitedException      when the caller's tool-call quota is used up (audited)
     * @throws InvalidToolInputException                   when the input breaks the schema or a sandbox rule
     * @throws InvalidToolCallException                    when the scope or the key is malformed
     * @throws ToolCallConflictException                   when the key's call still runs or had other input
     */
    public ToolOutcome invoke(Caller caller, ToolCall call) {
        RegisteredTool tool = registry.find(call.toolId()).orElseThrow(() -> new ToolNotFoundException(call.toolId()));
        ToolManifest manifest = tool.manifest();
        security.authorizeToolCall(caller, manifest.permission(), manifest.id(), scopes.targetOf(call.scope()));
        requireKeyMatchesScope(call);
        tool.schema().validate(call.input());
        Workspace workspace = workspaces.of(call.scope());
        ToolCallLog.Start start = log.begin(manifest, caller, call);
        if (start instanceof ToolCallLog.Replay replay) {
            return replay.outcome();
        }
        return run(tool.tool(), new ToolContext(call.scope(), workspace), call.input(), (ToolCallLog.Fresh) start);
    }

    private ToolOutcome run(Tool tool, ToolContext context, JsonNode input, ToolCallLog.Fresh call) {
        long started = System.nanoTime();
        try {
            JsonNode output = tool.run(context, input);
            long durationMillis = millisSince(started);
            log.completed(call, output, durationMillis);
            return new ToolOutcome.Completed(output, false, durationMillis);
        } catch (InvalidToolInputException e) {
            log.failed(call, e.rule(), e.field(), millisSince(started));
            throw e;
        } catch (ToolFailedException e) {
            log.failed(call, e.getMessage(), null, millisSince(started));
            return new ToolOutcome.Failed(e.getMessage());
        } catch (RuntimeException e) {
            log.failed(call, "unexpected error: " + e.getClass().getSimpleName(), null, millisSince(started));
            throw e;
        }
    }

    /** A key names its run and agent; they must be the call's, or one agent could claim another's recorded result. */
    private static void requireKeyMatchesScope(ToolCall call) {
        ToolCallKey key = call.key();
        if (key == null) {
            return;
        }
        if (!key.agent().equals(call.scope().agentId())) {
            throw new InvalidToolCallException("idempotencyKey.agent", "must be the agent the call is for");
        }
        if (!Objects.equals(key.run(), call.scope().runId())) {
            throw new InvalidToolCallException("idempotencyKey.run", "must be the run the call belongs to");
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
