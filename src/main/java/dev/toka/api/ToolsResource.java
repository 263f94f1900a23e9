package dev.toka.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.InvalidFieldException;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.tools.ManifestError;
import dev.toka.tools.ToolCall;
import dev.toka.tools.ToolCallKey;
import dev.toka.tools.ToolFailedException;
import dev.toka.tools.ToolInvoker;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolOutcome;
import dev.toka.tools.ToolRegistry;
import dev.toka.tools.ToolScope;
import dev.toka.tools.ToolScopes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/tools}: the tools a caller may use, and calling one. */
@Path("/api/v1/tools")
@Tag(name = "Tools", description = "List and invoke tools")
@SecurityRequirement(name = "bearer")
public class ToolsResource {

    private final ToolRegistry registry;
    private final ToolInvoker invoker;
    private final ToolScopes scopes;
    private final CurrentCaller current;

    ToolsResource(ToolRegistry registry, ToolInvoker invoker, ToolScopes scopes, CurrentCaller current) {
        this.registry = registry;
        this.invoker = invoker;
        this.scopes = scopes;
        this.current = current;
    }

    /**
     * The tools a caller may use.
     *
     * @param tools          Their manifests, by id.
     * @param manifestErrors For an admin: the YAML manifest files skipped at the last scan, and why.
     */
    public record ToolList(List<ToolManifest> tools, List<ManifestError> manifestErrors) {}

    /**
     * A tool call.
     *
     * @param input          The tool's input, checked against its schema.
     * @param run            The run the call belongs to; decides the workspace.
     * @param agent          The agent the call acts for; default the token's subject.
     * @param task           The task, recorded with the call.
     * @param idempotencyKey Makes repeats of a side-effecting call return the recorded result.
     * @param approval       For a tool that needs approval: the signed one-shot capability a grant issued for
     *                       exactly this call (docs/agents.md, "Approvals").
     */
    public record InvokeRequest(JsonNode input, String run, String agent, String task, KeyJson idempotencyKey,
            String approval) {}

    /**
     * The idempotency key; run, agent and task default to the call's.
     *
     * @param step    The step within the task, from 0.
     * @param attempt The attempt of that step, from 0.
     */
    public record KeyJson(String run, String agent, String task, Integer step, Integer attempt) {}

    /**
     * A completed call.
     *
     * @param tool           The tool.
     * @param output         What it returned.
     * @param replayed       Whether this is the recorded result of an earlier call with the same key.
     * @param durationMillis How long the tool ran.
     */
    public record InvokeResult(String tool, JsonNode output, boolean replayed, long durationMillis) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the tools the caller may use",
            description = "An admin sees every tool and the YAML manifest files that were skipped; a capability token"
                    + " sees exactly the tools whose permission (`tool:<id>` by default, `tool:*` for all) it holds.")
    @APIResponse(responseCode = "200", description = "The permitted tools, by id",
            content = @Content(schema = @Schema(implementation = ToolList.class),
                    examples = @ExampleObject(name = "one tool", value = Examples.TOOL_LIST)))
    @APIResponse(responseCode = "429", description = "The caller's read quota is used up")
    @Guarded(group = RouteGroup.READ, action = "tools:list")
    public ToolList list() {
        Caller caller = current.get();
        return new ToolList(registry.permitted(caller),
                caller.principal().isAdmin() ? registry.manifestErrors() : null);
    }

    @POST
    @Path("/{id}/invoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invoke a tool",
            description = "Authorises the call (the tool's permission, acting for the caller itself or a descendant,"
                    + " the per-principal tool quota), validates `input` against the tool's JSON schema, then runs"
                    + " the tool in the workspace of the run (or of the agent when no run is named) and records"
                    + " ToolInvoked and ToolCompleted/ToolFailed in the log; a call refused before it runs (unknown"
                    + " tool, malformed request, scope or key, input against the schema) is recorded as a `deny` audit"
                    + " entry with its reason. With an `idempotencyKey`, a repeat of a"
                    + " call to a tool whose side effect is idempotent, external or privileged returns the recorded"
                    + " result with `replayed: true` and does not act again.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InvokeRequest.class), examples = {
                @ExampleObject(name = "keyed write in a run", value = Examples.TOOL_INVOKE),
                @ExampleObject(name = "read for the caller itself", value = Examples.TOOL_INVOKE_MINIMAL)}))
    @APIResponse(responseCode = "200", description = "The tool ran (or was replayed) and returned output",
            content = @Content(schema = @Schema(implementation = InvokeResult.class),
                    examples = @ExampleObject(name = "written", value = Examples.TOOL_RESULT)))
    @APIResponse(responseCode = "400", description = "The input breaks the tool's schema or a sandbox rule (`field` is a"
            + " JSON pointer into the input), or the call's scope or key is malformed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "path traversal", value = Examples.PROBLEM_TOOL_INPUT)))
    @APIResponse(responseCode = "403", description = "The token lacks the tool's permission, or the agent is not its"
            + " own, or the tool needs approval and the call presents none (`approval-required`, naming the"
            + " arguments' SHA-256) or one that does not cover it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "missing permission", value = Examples.PROBLEM_403)))
    @APIResponse(responseCode = "404", description = "No such tool")
    @APIResponse(responseCode = "409", description = "The key's call is still running (`tool-call-in-progress`) or had"
            + " other input (`tool-call-key-reused`), or its approval was spent by another call (`approval-spent`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "in progress", value = Examples.PROBLEM_TOOL_IN_PROGRESS)))
    @APIResponse(responseCode = "422", description = "The tool ran and failed: timeout, redirect off the allow-list,"
            + " file too large…",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "timeout", value = Examples.PROBLEM_TOOL_FAILED)))
    @APIResponse(responseCode = "429", description = "The caller's write or tool-call quota is used up")
    @APIResponse(responseCode = "503", description = "A command tool's sandbox cannot be set up on this machine"
            + " (`sandbox-unavailable`: bubblewrap missing or unable to create namespaces); the call is refused, never"
            + " run unconfined")
    @Guarded(group = RouteGroup.WRITE, action = "tool:{id}")
    public Response invoke(@Parameter(description = "The tool id, e.g. fs.read") @PathParam("id") String id,
            InvokeRequest body, @Context UriInfo uri) {
        Caller caller = current.get();
        ToolOutcome outcome = invoker.invoke(caller, callOf(id, body, caller));
        if (outcome instanceof ToolOutcome.Completed completed) {
            return Response.ok(new InvokeResult(id, completed.output(), completed.replayed(),
                    completed.durationMillis())).build();
        }
        return ProblemMapper.answer(Problem.of(ToolFailedException.KIND, ((ToolOutcome.Failed) outcome).reason(),
                uri.getPath(), Map.of("toolId", id)));
    }

    /** The call the request asks for; a request too malformed to be one is refused and recorded here. */
    private ToolCall callOf(String id, InvokeRequest body, Caller caller) {
        try {
            if (body == null) {
                throw new InvalidRequestException("body", "must be a JSON object with an 'input' member");
            }
            String agent = body.agent() != null ? body.agent() : caller.principal().subject();
            ToolScope scope = scopes.scopeFor(caller, agent, body.run(), body.task());
            return new ToolCall(id, body.input(), scope, keyOf(body, scope), body.approval());
        } catch (InvalidFieldException refusal) {
            invoker.refused(caller, id, body == null ? null : body.agent(), refusal);
            throw refusal;
        }
    }

    private static ToolCallKey keyOf(InvokeRequest body, ToolScope scope) {
        KeyJson key = body.idempotencyKey();
        if (key == null) {
            return null;
        }
        if (key.step() == null || key.attempt() == null) {
            throw new InvalidRequestException("idempotencyKey", "needs 'step' and 'attempt'");
        }
        return new ToolCallKey(key.run() != null ? key.run() : scope.runId(),
                key.agent() != null ? key.agent() : scope.agentId(),
                key.task() != null ? key.task() : scope.taskId(), key.step(), key.attempt());
    }
}
