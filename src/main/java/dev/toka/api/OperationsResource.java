package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.kernel.Kernel;
import dev.toka.kernel.Operation;
import dev.toka.kernel.SpawnAgent;
import dev.toka.kernel.Submission;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/operations}: the one way to change the world. */
@Path("/api/v1/operations")
@Tag(name = "Operations", description = "Submit kernel operations")
@SecurityRequirement(name = "bearer")
public class OperationsResource {

    private final Kernel kernel;
    private final CurrentCaller current;
    private final ObjectMapper mapper;

    OperationsResource(Kernel kernel, CurrentCaller current, ObjectMapper mapper) {
        this.kernel = kernel;
        this.current = current;
        this.mapper = mapper;
    }

    /**
     * The result of an operation.
     *
     * @param agentId The agent acted on (for spawn-agent, the new agent).
     * @param event   The stored event.
     * @param token   For spawn-agent with a {@code token} member: the new agent's token, delegated from the
     *                caller's (or issued, when the caller is the admin secret).
     */
    public record OperationResult(String agentId, EventJson event, TokensResource.TokenJson token) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(
            summary = "Submit an operation",
            description = "Validates, authorises and applies one operation, discriminated by `op`: spawn-agent,"
                    + " schedule-task, emit-observation, suspend-agent, resume-agent, terminate-agent, the agent"
                    + " runtime's start-task, complete-task, fail-task, and the run operations of orchestration."
                    + " Answers once the event is committed to the log. spawn-agent may carry a `token` member"
                    + " (`{\"permissions\":[…],\"ttlSeconds\":N}`): the answer then also holds a token for the new agent,"
                    + " delegated from the caller's.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "spawn-agent", value = Examples.SPAWN_AGENT),
            @ExampleObject(name = "spawn-agent with a delegated token", value = Examples.SPAWN_AGENT_WITH_TOKEN),
            @ExampleObject(name = "schedule-task", value = Examples.SCHEDULE_TASK),
            @ExampleObject(name = "emit-observation", value = Examples.EMIT_OBSERVATION),
            @ExampleObject(name = "suspend-agent", value = Examples.SUSPEND_AGENT),
            @ExampleObject(name = "terminate-agent", value = Examples.TERMINATE_AGENT),
            @ExampleObject(name = "complete-task (names its attempt)", value = Examples.COMPLETE_TASK)}))
    @APIResponse(responseCode = "201", description = "Applied; the stored event",
            content = @Content(schema = @Schema(implementation = OperationResult.class),
                    examples = @ExampleObject(name = "spawned", value = Examples.OPERATION_RESULT)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, unknown op, or a field breaks a limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too long", value = Examples.PROBLEM_400)))
    @APIResponse(responseCode = "403", description = "The token lacks the permission or the agent is not its own",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "missing permission", value = Examples.PROBLEM_403)))
    @APIResponse(responseCode = "404", description = "Unknown agent")
    @APIResponse(responseCode = "409", description = "The agent's state does not allow the operation (also: an"
            + " outcome for an attempt that is no longer current, a start another instance claimed first)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "terminated agent", value = Examples.PROBLEM_409_AGENT)))
    @APIResponse(responseCode = "503", description = "deadline-exceeded: not answered within toka.kernel.answer-timeout"
            + " (the detail says whether it was committed); read-only: the service writes nothing;"
            + " service-unavailable: the database failed")
    @Guarded(group = RouteGroup.WRITE, action = "operation")
    public CompletionStage<Response> submit(JsonNode body)
            throws JsonProcessingException {
        Operation operation = decode(body);
        Caller caller = current.get();
        // Runs on the event loop: the kernel waits for the commit without a thread, and the answer is
        // written back on this request's event loop, not on the store's appender thread.
        io.vertx.core.Context context = Vertx.currentContext();
        Executor onEventLoop = task -> context.runOnContext(ignored -> task.run());
        return kernel.submitAsync(caller, operation, onEventLoop)
                .thenApplyAsync(OperationsResource::created, onEventLoop);
    }

    private static Response created(Submission submission) {
        EventJson event = EventJson.of(submission.events().get(0));
        TokensResource.TokenJson token = submission.token()
                .map(issued -> new TokensResource.TokenJson(issued.token(), issued.jti(), issued.expiresAt()))
                .orElse(null);
        // A relative Location (RFC 9110 allows it): Response.created would resolve it against the
        // request's forwarded host and scheme on every answer, a measurable share of this hot path.
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/api/v1/agents/" + submission.agentId())
                .entity(new OperationResult(submission.agentId(), event, token))
                .build();
    }

    private Operation decode(JsonNode body) throws JsonProcessingException {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object with an 'op' member");
        }
        JsonNode op = body.get("op");
        if (op == null || !op.isTextual()) {
            throw new InvalidRequestException("op", "must name the operation, one of " + kernel.opcodes());
        }
        Operation operation = mapper.treeToValue(body, kernel.operationType(op.asText()));
        JsonNode token = body.get("token");
        if (token != null && !token.isNull() && !(operation instanceof SpawnAgent)) {
            throw new InvalidRequestException("token", "is only for spawn-agent");
        }
        return operation;
    }
}
