package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.InvalidFieldException;
import dev.toka.TokaException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.security.ApprovalBinding;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.Provenance;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.ToolEffect;
import dev.toka.security.ToolUse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.function.Supplier;

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
    private final ToolTelemetry telemetry;
    private final ObjectMapper mapper;

    ToolInvoker(ToolRegistry registry, SecurityPolicyCoordinator security, ToolScopes scopes, Workspaces workspaces,
            ToolCallLog log, ToolTelemetry telemetry, ObjectMapper mapper) {
        this.mapper = mapper;
        this.telemetry = telemetry;
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
     * @throws SandboxUnavailableException                 when a command tool's sandbox cannot be set up
     * @throws ToolCallConflictException                   when the key's call still runs or had other input
     */
    public ToolOutcome invoke(Caller caller, ToolCall call) {
        Span span = telemetry.start(call.toolId());
        try (Scope scope = span.makeCurrent()) {
            ToolOutcome outcome = invokeInSpan(caller, call);
            telemetry.ended(span, call.toolId(), outcome);
            return outcome;
        } catch (RuntimeException e) {
            telemetry.ended(span, call.toolId(), e);
            throw e;
        }
    }

    private ToolOutcome invokeInSpan(Caller caller, ToolCall call) {
        RegisteredTool tool;
        Workspace workspace;
        ToolUse use;
        boolean egressNeedsApproval;
        try {
            tool = registry.find(call.toolId()).orElseThrow(() -> new ToolNotFoundException(call.toolId()));
            security.authorizeToolCall(caller, tool.manifest().permission(), tool.manifest().id(),
                    scopes.targetOf(call.scope()));
            requireKeyMatchesScope(call);
            tool.schema().validate(call.input());
            workspace = workspaces.of(call.scope());
            use = useOf(tool.manifest(), call.scope());
            egressNeedsApproval = security.authorizeToolEffects(caller, use);
        } catch (ToolNotFoundException | InvalidFieldException refusal) {
            refused(caller, call.toolId(), call.scope().agentId(), refusal);
            throw refusal;
        }
        ToolManifest manifest = tool.manifest();
        if (registry.needsApproval(manifest) || egressNeedsApproval) {
            String tokenId = admitApproved(caller, manifest, call);
            if (egressNeedsApproval) {
                security.recordApprovedEgress(caller, use, tokenId);
            }
        }
        ToolCallLog.Start start = log.begin(manifest, caller, call);
        if (start instanceof ToolCallLog.Replay replay) {
            admit(caller, use); // the recorded answer enters the context again
            return replay.outcome();
        }
        // The manifest allows the network, and the caller holds the capability to use it.
        boolean network = manifest.network() && caller.principal().holds(Permissions.NET_CONNECT);
        return run(tool.tool(), new ToolContext(call.scope(), workspace, network), call.input(),
                (ToolCallLog.Fresh) start, () -> admit(caller, use));
    }

    /** The call as the Rule of Two sees it. */
    private ToolUse useOf(ToolManifest manifest, ToolScope scope) {
        return new ToolUse(manifest.id(), manifest.effects(), manifest.provenance(), scope.agentId(), scope.vault(),
                scope.runId(), scope.taskId(), workspaces.nameOf(scope));
    }

    /** Labels an answer about to reach the caller; when it turns the agent's context untrusted, names what it loses. */
    private Provenance admit(Caller caller, ToolUse use) {
        return security.admitToolOutput(caller, use, () -> registry.permitted(caller).stream()
                .filter(manifest -> ToolEffect.anyCarriesDataOut(manifest.effects())).map(ToolManifest::id).sorted()
                .toList());
    }

    /**
     * Records a call refused before it was admitted, in the audit trail: the refusals after admission
     * are its {@code ToolFailed} event, and the security policy audits its own denials.
     *
     * @param agentId The agent the call was for, or {@code null} when the request did not say.
     */
    public void refused(Caller caller, String toolId, String agentId, TokaException refusal) {
        security.recordToolCallRefused(caller, toolId, agentId, refusal.getMessage(),
                refusal instanceof ToolNotFoundException ? 404 : 400);
    }

    private ToolOutcome run(Tool tool, ToolContext context, JsonNode input, ToolCallLog.Fresh call,
            Supplier<Provenance> admit) {
        long started = System.nanoTime();
        try {
            JsonNode output = tool.run(context, input);
            long durationMillis = millisSince(started);
            log.completed(call, output, admit.get(), durationMillis);
            return new ToolOutcome.Completed(output, false, durationMillis);
        } catch (InvalidToolInputException e) {
            log.failed(call, e.rule(), e.field(), millisSince(started));
            throw e;
        } catch (ToolFailedException e) {
            admit.get(); // a failure's reason can quote the source too (a redirect's target)
            log.failed(call, e.getMessage(), null, millisSince(started));
            return new ToolOutcome.Failed(e.getMessage());
        } catch (SandboxUnavailableException e) {
            log.failed(call, e.getMessage(), null, millisSince(started));
            throw e;
        } catch (RuntimeException e) {
            log.failed(call, "unexpected error: " + e.getClass().getSimpleName(), null, millisSince(started));
            throw e;
        }
    }

    /**
     * A call of a tool that needs approval presents a capability bound to exactly this call, which it spends.
     *
     * @throws ApprovalRequiredException when it presents none (audited)
     * @throws dev.toka.security.PermissionDeniedException when it does not cover this call (audited)
     * @return the capability's token id
     * @throws ApprovalSpentException when another call spent it
     */
    private String admitApproved(Caller caller, ToolManifest manifest, ToolCall call) {
        String digest = Digests.sha256OfJson(mapper, call.input());
        if (call.approval() == null) {
            ApprovalRequiredException required = new ApprovalRequiredException(manifest.id(), digest);
            security.recordToolCallRefused(caller, manifest.id(), call.scope().agentId(), required.getMessage(), 403);
            throw required;
        }
        String tokenId = security.admitApproved(caller, call.approval(), new ApprovalBinding(null,
                call.scope().agentId(), manifest.id(), digest));
        log.spendApproval(tokenId, manifest, call);
        return tokenId;
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
