package dev.toka.api;

import dev.toka.kernel.ApprovalDesk;
import dev.toka.kernel.EventQueries;
import dev.toka.kernel.TaskApproval;
import dev.toka.kernel.WorldState.AwaitedApproval;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/approvals}: the tool calls waiting for a person's decision, and the decisions. Listing,
 * streaming and deciding need {@value Permissions#APPROVAL_GRANT}; a caller sees and decides the approvals of
 * its own agent and its descendants (an admin all).
 */
@Path("/api/v1/approvals")
@Tag(name = "Approvals", description = "Tool calls that wait for a person's approval")
@SecurityRequirement(name = "bearer")
public class ApprovalsResource {


    private final ApprovalDesk desk;
    private final SecurityPolicyCoordinator security;
    private final EventQueries queries;
    private final CurrentCaller current;
    private final EventSse sse;

    ApprovalsResource(ApprovalDesk desk, SecurityPolicyCoordinator security, EventQueries queries,
            CurrentCaller current, EventSse sse) {
        this.desk = desk;
        this.security = security;
        this.queries = queries;
        this.current = current;
        this.sse = sse;
    }

    /**
     * One approval. Never holds the approval capability itself.
     *
     * @param approvalId      Its id.
     * @param agentId         The agent whose call waits.
     * @param agentName       The agent's name.
     * @param taskId          The task that waits.
     * @param toolId          The tool the call would run.
     * @param argumentsSha256 Hex SHA-256 of the call's RFC 8785 canonical arguments, which a grant is bound to.
     * @param state           {@code pending}, {@code granted}, {@code rejected} or {@code expired}.
     * @param expiresAt       When a pending approval expires unanswered.
     * @param reason          Why it was rejected or expired.
     */
    public record ApprovalJson(String approvalId, String agentId, String agentName, String taskId, String toolId,
            String argumentsSha256, String state, Instant expiresAt, String reason) {

        static ApprovalJson of(AwaitedApproval awaited) {
            TaskApproval approval = awaited.approval();
            return new ApprovalJson(approval.approvalId(), awaited.agent().id(), awaited.agent().name(),
                    awaited.task().taskId(), approval.toolId(), approval.argumentsSha256(),
                    approval.state().name().toLowerCase(), approval.expiresAt(), approval.reason());
        }
    }

    /**
     * Approvals.
     *
     * @param approvals The approvals, by agent name.
     */
    public record ApprovalList(List<ApprovalJson> approvals) {}

    /**
     * A grant: the approval, and the id and expiry of the one-shot capability issued for it (revocable through
     * {@code POST /api/v1/tokens/revoke} until it is used).
     *
     * @param approval       The approval, now granted.
     * @param tokenId        The capability's token id.
     * @param tokenExpiresAt Until when the call may use it.
     */
    public record GrantJson(ApprovalJson approval, String tokenId, Instant tokenExpiresAt) {}

    /**
     * A rejection.
     *
     * @param reason What the agent is told as the tool's answer (at most 4096 UTF-8 bytes); default "rejected".
     */
    public record RejectJson(String reason) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List approvals",
            description = "The latest approval of each queued task that asked for one, among the agents the caller"
                    + " may see. Needs approval:grant.")
    @APIResponse(responseCode = "200", description = "The approvals",
            content = @Content(schema = @Schema(implementation = ApprovalList.class),
                    examples = @ExampleObject(name = "one pending", value = Examples.APPROVAL_LIST)))
    @APIResponse(responseCode = "400", description = "An unknown state")
    @APIResponse(responseCode = "403", description = "The caller lacks approval:grant")
    @Guarded(group = RouteGroup.READ, action = "approval:list")
    public ApprovalList list(@Parameter(description = "Only approvals in this state: pending (default), granted,"
            + " rejected, expired or all") @QueryParam("state") @DefaultValue("pending") String state) {
        if (!state.equals("all") && !List.of("pending", "granted", "rejected", "expired").contains(state)) {
            throw new InvalidRequestException("state", "must be pending, granted, rejected, expired or all");
        }
        return new ApprovalList(desk.list(current.get()).stream()
                .map(ApprovalJson::of)
                .filter(a -> state.equals("all") || a.state().equals(state))
                .toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One approval", description = "Needs approval:grant.")
    @APIResponse(responseCode = "200", description = "The approval",
            content = @Content(schema = @Schema(implementation = ApprovalJson.class),
                    examples = @ExampleObject(name = "pending", value = Examples.APPROVAL)))
    @APIResponse(responseCode = "403", description = "The caller lacks approval:grant")
    @APIResponse(responseCode = "404", description = "No such approval, or not one the caller may see")
    @Guarded(group = RouteGroup.READ, action = "approval:list")
    public ApprovalJson get(@PathParam("id") String id) {
        return ApprovalJson.of(desk.get(current.get(), id));
    }

    @POST
    @Path("/{id}/grant")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant a pending approval",
            description = "Issues a signed one-shot capability bound to the agent, the tool and the SHA-256 of the"
                    + " call's canonical arguments, and records the grant; the agent's task then resumes from the"
                    + " model's recorded answer and runs the call once. Needs approval:grant on the agent.")
    @APIResponse(responseCode = "200", description = "Granted",
            content = @Content(schema = @Schema(implementation = GrantJson.class),
                    examples = @ExampleObject(name = "granted", value = Examples.APPROVAL_GRANTED)))
    @APIResponse(responseCode = "403", description = "The caller lacks approval:grant on the agent")
    @APIResponse(responseCode = "404", description = "No such approval, or not one the caller may see")
    @APIResponse(responseCode = "409", description = "Already decided, or expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "already decided", value = Examples.PROBLEM_409_APPROVAL)))
    @Guarded(group = RouteGroup.ISSUE, action = "approval:grant")
    public GrantJson grant(@PathParam("id") String id) {
        ApprovalDesk.Grant grant = desk.grant(current.get(), id);
        return new GrantJson(ApprovalJson.of(grant.approval()), grant.capability().jti(),
                grant.capability().expiresAt());
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject a pending approval",
            description = "Records the rejection; the agent's task resumes from the model's recorded answer and the"
                    + " model is told the reason as the tool's answer. Needs approval:grant on the agent.")
    @RequestBody(required = false, content = @Content(examples = @ExampleObject(name = "reject",
            value = Examples.APPROVAL_REJECT)))
    @APIResponse(responseCode = "200", description = "Rejected",
            content = @Content(schema = @Schema(implementation = ApprovalJson.class),
                    examples = @ExampleObject(name = "rejected", value = Examples.APPROVAL_REJECTED)))
    @APIResponse(responseCode = "400", description = "The reason is too long")
    @APIResponse(responseCode = "403", description = "The caller lacks approval:grant on the agent")
    @APIResponse(responseCode = "404", description = "No such approval, or not one the caller may see")
    @APIResponse(responseCode = "409", description = "Already decided, or expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "already decided", value = Examples.PROBLEM_409_APPROVAL)))
    @Guarded(group = RouteGroup.WRITE, action = "approval:grant")
    public ApprovalJson reject(@PathParam("id") String id, RejectJson body) {
        return ApprovalJson.of(desk.reject(current.get(), id, body == null ? null : body.reason()));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow approvals as server-sent events",
            description = "The ApprovalRequested, ApprovalGranted, ApprovalRejected and ApprovalExpired events of the"
                    + " agents the caller may see, from `from` (or after Last-Event-ID), then live; each SSE id is the"
                    + " event's log position. Needs approval:grant and events:read.")
    @APIResponse(responseCode = "200", description = "An endless SSE stream; each event's data is a stored event",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    examples = @ExampleObject(name = "requested", value = Examples.APPROVAL_SSE_EVENT)))
    @APIResponse(responseCode = "403", description = "The caller lacks approval:grant or events:read")
    @Guarded(group = RouteGroup.READ, action = "approval:list")
    public void stream(
            @QueryParam("from") @DefaultValue("1") long from,
            @HeaderParam("Last-Event-ID") Long lastEventId,
            @Context SseEventSink sink,
            @Context Sse sseContext,
            @Context HttpServerRequest request) {
        Caller caller = current.get();
        security.requirePermission(caller, Permissions.APPROVAL_GRANT);
        long start = EventSse.startOf(from, lastEventId);
        sse.pipe(sink, sseContext, request.response(), consumer -> queries.follow(caller, start, event -> {
            if (ApprovalDesk.EVENT_TYPES.contains(event.type())) {
                consumer.accept(event);
            }
        }));
    }
}
