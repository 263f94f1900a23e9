package dev.toka.api;

import dev.toka.kernel.EventQueries;
import dev.toka.kernel.EventQueries.Page;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.store.ChainVerification;
import dev.toka.store.StoredEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/events}: read, follow, export and verify the log. */
@Path("/api/v1/events")
@Tag(name = "Events", description = "The tamper-evident event log")
@SecurityRequirement(name = "bearer")
public class EventsResource {

    private static final String NDJSON = "application/x-ndjson";

    private final EventQueries queries;
    private final CurrentCaller current;
    private final EventSse sse;

    EventsResource(EventQueries queries, CurrentCaller current, EventSse sse) {
        this.queries = queries;
        this.current = current;
        this.sse = sse;
    }

    /**
     * A page of events.
     *
     * @param events The events.
     * @param next   The {@code from} of the next page.
     */
    public record EventPage(List<EventJson> events, long next) {}

    /**
     * The verdict of a chain check.
     *
     * @param ok               Whether the chain is intact.
     * @param checked          How many events were checked.
     * @param firstBadPosition Where the chain first breaks, absent when intact.
     * @param headPosition     The last position the service's chain head records.
     * @param headHash         The hash the chain head records for it: compare both with the offline verifier's
     *                         output for an export, which cannot tell a truncated file by itself.
     * @param fromPosition     The verified checkpoint the check started after: 0 for a check from the start.
     */
    public record VerifyResult(boolean ok, long checked, Long firstBadPosition, long headPosition, String headHash,
            long fromPosition) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read events in log order",
            description = "Needs events:read (own agents' streams) or admin (everything).")
    @APIResponse(responseCode = "200", description = "A page",
            content = @Content(schema = @Schema(implementation = EventPage.class),
                    examples = @ExampleObject(name = "page", value = Examples.EVENT_PAGE)))
    @APIResponse(responseCode = "400", description = "A parameter is out of range")
    @APIResponse(responseCode = "403", description = "The token lacks events:read")
    @Guarded(group = RouteGroup.READ, action = "events:read")
    public EventPage read(
            @Parameter(description = "First global position (from 1)") @QueryParam("from") @DefaultValue("1") long from,
            @Parameter(description = "Most events (1-1000)") @QueryParam("limit") @DefaultValue("100") int limit,
            @Parameter(description = "Only this stream, e.g. agent-<id>") @QueryParam("stream") String stream) {
        if (from < 1) {
            throw new InvalidRequestException("from", "must be at least 1");
        }
        if (limit < 1 || limit > EventQueries.MAX_PAGE) {
            throw new InvalidRequestException("limit", "must be between 1 and " + EventQueries.MAX_PAGE);
        }
        Page page = queries.page(current.get(), from, limit, Optional.ofNullable(stream));
        return new EventPage(page.events().stream().map(EventJson::of).toList(), page.next());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow the log as server-sent events",
            description = "Sends the stored events from `from` (or after Last-Event-ID), then every new event as it"
                    + " commits; each SSE id is the event's position, its name the event type.")
    @APIResponse(responseCode = "200", description = "An endless SSE stream; each event's data is a stored event",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    examples = @ExampleObject(name = "one event", value = Examples.SSE_EVENT)))
    @APIResponse(responseCode = "403", description = "The token lacks events:read")
    @Guarded(group = RouteGroup.READ, action = "events:read")
    public void stream(
            @QueryParam("from") @DefaultValue("1") long from,
            @HeaderParam("Last-Event-ID") Long lastEventId,
            @Context SseEventSink sink,
            @Context Sse sseContext,
            @Context HttpServerRequest request) {
        Caller caller = current.get();
        long start = EventSse.startOf(from, lastEventId);
        sse.pipe(sink, sseContext, request.response(), consumer -> queries.follow(caller, start, consumer));
    }

    @GET
    @Path("/export")
    @Produces(NDJSON)
    @Operation(summary = "Export the whole log as JSON lines (admin)",
            description = "One stored event per line, in log order; `java -jar quarkus-run.jar verify FILE` checks the"
                    + " file offline.")
    @APIResponse(responseCode = "200", description = "The log, one stored event per line",
            content = @Content(mediaType = NDJSON,
                    examples = @ExampleObject(name = "one line", value = Examples.STORED_EVENT)))
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @Guarded(group = RouteGroup.READ, action = "events:export")
    public StreamingOutput export() {
        Stream<StoredEvent> log = queries.export(current.get());
        return output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            for (StoredEvent event : (Iterable<StoredEvent>) log::iterator) {
                writer.write(sse.json(EventJson.of(event)));
                writer.write('\n');
            }
            writer.flush();
        };
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check the hash chain (admin)",
            description = "Recomputes every hash up to the chain head and checks that the last event is the head, so a"
                    + " removed last event is found too. The head's position and hash are in the answer: the offline"
                    + " verifier prints an export's, and only comparing the two reveals a truncated export."
                    + " `from=start` (the default) checks every event; `from=checkpoint` checks only the events after the"
                    + " last verified checkpoint (the head of the last check that found the chain intact, kept in its"
                    + " own row), which must chain on to its hash: a rewritten chain shows, a byte changed in place"
                    + " before the checkpoint does not (docs/event-log.md#verified-checkpoint). An intact check moves"
                    + " the checkpoint to the head it reached.")
    @APIResponse(responseCode = "200", description = "The verdict",
            content = @Content(schema = @Schema(implementation = VerifyResult.class),
                    examples = {@ExampleObject(name = "intact", value = Examples.VERIFY_INTACT),
                            @ExampleObject(name = "intact, from the checkpoint", value = Examples.VERIFY_FROM_CHECKPOINT),
                            @ExampleObject(name = "broken", value = Examples.VERIFY_BROKEN)}))
    @APIResponse(responseCode = "400", description = "`from` is neither `start` nor `checkpoint`")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @Guarded(group = RouteGroup.READ, action = "events:verify")
    public VerifyResult verify(
            @Parameter(description = "Where the check begins: `start` (default) or `checkpoint`",
                    examples = {@ExampleObject(name = "start", value = "start"),
                            @ExampleObject(name = "checkpoint", value = "checkpoint")})
            @QueryParam("from") @DefaultValue("start") String from) {
        if (!from.equals("start") && !from.equals("checkpoint")) {
            throw new InvalidRequestException("from", "must be start or checkpoint");
        }
        EventQueries.ChainCheck check = queries.verify(current.get(), from.equals("checkpoint"));
        ChainVerification verification = check.verification();
        return new VerifyResult(verification.ok(), verification.checked(),
                verification.firstBadPosition().isPresent() ? verification.firstBadPosition().getAsLong() : null,
                verification.head().position(), verification.head().hash(), check.from().position());
    }


}
