package dev.toka.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.bus.Subscription;
import dev.toka.kernel.EventQueries;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event log: a page of events from a position, of one stream or all, each event's JSON with its
 * hash and previous hash, and the log followed live. What a credential may read is the coordinator's
 * decision, as through the API: a token reads the events of its own agent and its descendants.
 */
@Path("/console/events")
@Produces(MediaType.TEXT_HTML)
public class EventsPages {

    private static final int PAGE = 50;

    private final EventQueries queries;
    private final EventStore store;
    private final ObjectMapper mapper;
    private final ConsoleCaller current;

    EventsPages(EventQueries queries, EventStore store, ObjectMapper mapper, ConsoleCaller current) {
        this.queries = queries;
        this.store = store;
        this.mapper = mapper;
        this.current = current;
    }

    /**
     * A page of the log.
     *
     * @param rows     The events.
     * @param stream   The stream filter, or empty.
     * @param from     The position the page starts at.
     * @param previous Where the page before starts, or 0 at the start.
     * @param next     Where the next page starts.
     * @param head     The log's last position.
     */
    record EventList(List<EventRow> rows, String stream, long from, long previous, long next, long head) {}

    /** One line of the log. */
    record EventRow(long position, String streamId, long streamVersion, String type, Instant recordedAt,
            String principal, String hash) {

        static EventRow of(StoredEvent event) {
            return new EventRow(event.position(), event.streamId(), event.streamVersion(), event.type(),
                    event.recordedAt(), event.metadata().principal(), event.hash());
        }
    }

    /** One event in full: its place, its chain links and its JSON. */
    record EventDetail(EventRow row, String previousHash, String payload, String metadata) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "events:read")
    public TemplateInstance list(@QueryParam("stream") String stream, @QueryParam("from") Long from) {
        long head = store.headPosition();
        Optional<String> streamId = RunsPages.blankToEmpty(stream);
        long start = from != null ? Math.max(1, from) : streamId.isPresent() ? 1 : Math.max(1, head - PAGE + 1);
        EventQueries.Page page = queries.page(current.get(), start, PAGE, streamId);
        List<EventRow> rows = page.events().stream().map(EventRow::of).toList();
        return Pages.events(current.frame(), new EventList(rows, Objects.toString(stream, ""), start,
                Math.max(0, start - PAGE), page.next(), head));
    }

    @GET
    @Path("/{position}")
    @SignedIn(group = RouteGroup.READ, action = "events:read")
    public TemplateInstance event(@PathParam("position") long position) throws JsonProcessingException {
        StoredEvent event = queries.page(current.get(), position, 1, Optional.empty()).events().stream()
                .filter(found -> found.position() == position).findFirst()
                .orElseThrow(() -> new NotFoundException("no event the caller may read at position " + position));
        return Pages.event(current.frame(), new EventDetail(EventRow.of(event), event.previousHash(),
                mapper.readTree(event.payload()).toPrettyString(),
                mapper.writerWithDefaultPrettyPrinter().writeValueAsString(event.metadata())));
    }

    /**
     * The log from {@code from} on, live: each event the caller may read as a {@code row} server-sent
     * event holding its table row, rendered here so the page only inserts it.
     */
    @GET
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @SignedIn(group = RouteGroup.READ, action = "events:read")
    public Multi<OutboundSseEvent> live(@QueryParam("from") Long from, @Context Sse sse) {
        Caller caller = current.get();
        long start = from == null ? store.headPosition() + 1 : Math.max(1, from);
        return Multi.createFrom().<StoredEvent>emitter(emitter -> {
            Subscription subscription = queries.follow(caller, start, emitter::emit);
            emitter.onTermination(subscription::close);
            subscription.start();
        }).onOverflow().drop().map(event -> sse.newEventBuilder().name("row")
                .data(Pages.events$row(EventRow.of(event)).render().replace('\n', ' ')).build());
    }
}
