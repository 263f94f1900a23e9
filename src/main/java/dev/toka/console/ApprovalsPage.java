package dev.toka.console;

import dev.toka.bus.Subscription;
import dev.toka.kernel.ApprovalDesk;
import dev.toka.kernel.EventQueries;
import dev.toka.kernel.TaskApproval;
import dev.toka.kernel.WorldState.AwaitedApproval;
import dev.toka.security.Caller;
import dev.toka.security.IssuedToken;
import dev.toka.security.RouteGroup;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Pending human approvals, with Grant and Reject after a confirmation. Every read and decision goes through
 * {@link ApprovalDesk}, as {@code /api/v1/approvals} does, so a session needs {@code approval:grant} and sees only
 * the approvals of the agents its credential may see.
 */
@Path("/console/approvals")
@Produces(MediaType.TEXT_HTML)
public class ApprovalsPage {

    private final ApprovalDesk desk;
    private final EventQueries queries;
    private final EventStore store;
    private final ConsoleCaller current;

    ApprovalsPage(ApprovalDesk desk, EventQueries queries, EventStore store, ConsoleCaller current) {
        this.desk = desk;
        this.queries = queries;
        this.store = store;
        this.current = current;
    }

    /**
     * An approval waiting for a decision. The call's arguments are never stored, only their hash.
     *
     * @param id              The approval's id.
     * @param agentId         The agent whose call waits.
     * @param agentName       Its name.
     * @param taskId          The task that waits.
     * @param toolId          The tool the call would run.
     * @param argumentsSha256 Hex SHA-256 of the call's canonical arguments, which a grant is bound to.
     * @param modelCall       The log position of the model's answer that asked for the call.
     * @param expiresAt       When it expires unanswered.
     */
    record Pending(String id, String agentId, String agentName, String taskId, String toolId,
            String argumentsSha256, long modelCall, Instant expiresAt) {

        static Pending of(AwaitedApproval awaited) {
            TaskApproval approval = awaited.approval();
            return new Pending(approval.approvalId(), awaited.agent().id(), awaited.agent().name(),
                    awaited.task().taskId(), approval.toolId(), approval.argumentsSha256(), approval.modelCall(),
                    approval.expiresAt());
        }
    }

    /**
     * What the page shows.
     *
     * @param pending The approvals waiting, oldest agent name first.
     * @param notice  What a decision just did, or {@code null}.
     */
    record PendingList(List<Pending> pending, String notice) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "approval:list")
    public TemplateInstance page() {
        return Pages.approvals(current.frame(), pending(null));
    }

    @GET
    @Path("/pending")
    @SignedIn(group = RouteGroup.READ, action = "approval:list")
    public TemplateInstance pendingFragment() {
        return Pages.approvals$pending(pending(null));
    }

    /**
     * Tells the page, as a {@code changed} server-sent event, when an approval was requested or decided, so it
     * fetches the list again. Needs {@code events:read} as well, as the API's approval stream does.
     */
    @GET
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @SignedIn(group = RouteGroup.READ, action = "approval:list")
    public Multi<OutboundSseEvent> live(@Context Sse sse) {
        Caller caller = current.get();
        desk.list(caller); // 403 before the stream opens
        long start = store.headPosition() + 1;
        return Multi.createFrom().<StoredEvent>emitter(emitter -> {
            Subscription subscription = queries.follow(caller, start, event -> {
                if (ApprovalDesk.EVENT_TYPES.contains(event.type())) {
                    emitter.emit(event);
                }
            });
            emitter.onTermination(subscription::close);
            subscription.start();
        }).onOverflow().drop().map(event -> sse.newEventBuilder().name("changed").data(event.type()).build());
    }

    @POST
    @Path("/{id}/grant")
    @SignedIn(group = RouteGroup.ISSUE, action = "approval:grant")
    public TemplateInstance grant(@PathParam("id") String id) {
        ApprovalDesk.Grant grant = desk.grant(current.get(), id);
        IssuedToken capability = grant.capability();
        return Pages.approvals(current.frame(), pending("Granted approval " + id + " for "
                + grant.approval().approval().toolId() + ": the call runs once, with capability " + capability.jti()
                + " (revocable until used, expires " + capability.expiresAt() + ")."));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @SignedIn(group = RouteGroup.WRITE, action = "approval:grant")
    public TemplateInstance reject(@PathParam("id") String id, @RestForm String reason) {
        AwaitedApproval rejected = desk.reject(current.get(), id, RunsPages.blankToEmpty(reason).orElse(null));
        return Pages.approvals(current.frame(), pending("Rejected approval " + id + "; the model is told: "
                + rejected.approval().reason()));
    }

    private PendingList pending(String notice) {
        return new PendingList(desk.list(current.get()).stream().filter(a -> a.approval().pending())
                .map(Pending::of).toList(), notice);
    }
}
