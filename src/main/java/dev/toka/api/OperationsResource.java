package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.kernel.Kernel;
import dev.toka.kernel.Operation;
import dev.toka.kernel.Submission;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
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
    private final Callers callers;
    private final ObjectMapper mapper;

    OperationsResource(Kernel kernel, Callers callers, ObjectMapper mapper) {
        this.kernel = kernel;
        this.callers = callers;
        this.mapper = mapper;
    }

    /**
     * The result of an operation.
     *
     * @param agentId The agent acted on (for spawn-agent, the new agent).
     * @param event   The stored event.
     */
    public record OperationResult(String agentId, EventJson event) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(
            summary = "Submit an operation",
            description = "Validates, authorises and applies one operation, discriminated by `op`: spawn-agent,"
                    + " schedule-task, emit-observation, suspend-agent, resume-agent, terminate-agent, the agent"
                    + " runtime's start-task, complete-task, fail-task, and the run operations of orchestration."
                    + " Answers once the event is committed to the log.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "spawn-agent", value = Examples.SPAWN_AGENT),
            @ExampleObject(name = "schedule-task", value = Examples.SCHEDULE_TASK),
            @ExampleObject(name = "emit-observation", value = Examples.EMIT_OBSERVATION),
            @ExampleObject(name = "suspend-agent", value = Examples.SUSPEND_AGENT),
            @ExampleObject(name = "terminate-agent", value = Examples.TERMINATE_AGENT)}))
    @APIResponse(responseCode = "201", description = "Applied; the stored event",
            content = @Content(schema = @Schema(implementation = OperationResult.class),
                    examples = @ExampleObject(name = "spawned", value = Examples.OPERATION_RESULT)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, unknown op, or a field breaks a limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too long", value = Examples.PROBLEM_400)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credential",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the permission or the agent is not its own",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "missing permission", value = Examples.PROBLEM_403)))
    @APIResponse(responseCode = "404", description = "Unknown agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The agent's state does not allow the operation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(JsonNode body, @Context HttpServerRequest request) throws JsonProcessingException {
        Operation operation = decode(body);
        Submission submission = kernel.submit(callers.of(request, "operation"), operation);
        EventJson event = EventJson.of(submission.events().get(0));
        return Response.created(URI.create("/api/v1/agents/" + submission.agentId()))
                .entity(new OperationResult(submission.agentId(), event))
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
        return mapper.treeToValue(body, kernel.operationType(op.asText()));
    }
}
