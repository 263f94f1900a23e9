package dev.toka.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.kernel.EventQueries;
import dev.toka.llm.RunUsage;
import dev.toka.llm.Usage;
import dev.toka.llm.UsageLedger;
import dev.toka.orchestration.RunView;
import dev.toka.orchestration.Runs;
import dev.toka.orchestration.SpecSource;
import dev.toka.readmodel.RunListing;
import dev.toka.readmodel.RunPage;
import dev.toka.security.Budget;
import dev.toka.security.Money;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.store.StoredEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code /api/v1/runs}: run workstreams, follow and cancel them (admin). */
@Path("/api/v1/runs")
@Tag(name = "Runs", description = "Run workstreams of agents")
@SecurityRequirement(name = "bearer")
public class RunsResource {

    private final Runs runs;
    private final EventQueries queries;
    private final CurrentCaller current;
    private final EventSse sse;
    private final UsageLedger usage;
    private final RunListing listing;

    RunsResource(Runs runs, EventQueries queries, CurrentCaller current, EventSse sse, UsageLedger usage,
            RunListing listing) {
        this.usage = usage;
        this.listing = listing;
        this.runs = runs;
        this.queries = queries;
        this.current = current;
        this.sse = sse;
    }

    /**
     * A started run.
     *
     * @param runId The run id.
     */
    public record RunCreated(String runId) {}

    /**
     * A run with what its model calls spent.
     *
     * @param run          The run.
     * @param usage        Tokens and cost of all its model calls (from the log's {@code ModelCallRecorded} events).
     * @param usageByAgent The same per agent, by the agent's name in the specs.
     */
    public record RunDetails(@JsonUnwrapped RunView run, Usage usage, Map<String, Usage> usageByAgent) {}

    private static final String MAX_TOKENS = "The whole run's limit on model tokens (prompt plus completion).";
    private static final String MAX_COST = "The whole run's limit on model cost, in the price table's currency: a decimal"
            + " from 0 to 1000000000000 with at most 9 decimal places.";
    private static final String PROFILE = "A `tasks.conditional` profile whose tasks the run adds to the specs' default"
            + " tasks (for example `enterprise`); repeat for more. Each must be a profile of some spec.";

    /**
     * A cancellation request.
     *
     * @param reason Why, optional.
     */
    public record CancelRequest(String reason) {}

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run of YAML spec files (multipart field `files`)")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            examples = @ExampleObject(name = "one spec file", value = Examples.SPEC_FILES_FORM,
                    description = "curl -F files=@notes.yaml; repeat -F files=@... for more files")))
    @APIResponse(responseCode = "201", description = "Started", content = @Content(
            schema = @Schema(implementation = RunCreated.class),
            examples = @ExampleObject(name = "started", value = Examples.RUN_CREATED)))
    @APIResponse(responseCode = "422", description = "Every broken rule, each with file, field and rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = Examples.PROBLEM_422)))
    @Guarded(group = RouteGroup.WRITE, action = "runs:start")
    public Response startFiles(@RestForm(SpecUploads.FILES) List<FileUpload> files,
            @Parameter(description = MAX_TOKENS) @QueryParam("maxTokens") Long maxTokens,
            @Parameter(description = MAX_COST) @QueryParam("maxCost") String maxCost,
            @Parameter(description = PROFILE) @QueryParam("profile") List<String> profiles) {
        return start(SpecUploads.ofFiles(files), budget(maxTokens, maxCost), profiles);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run of a JSON list of specs")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one script agent writing a file", value = Examples.SPEC_LIST)))
    @APIResponse(responseCode = "201", description = "Started", content = @Content(
            schema = @Schema(implementation = RunCreated.class),
            examples = @ExampleObject(name = "started", value = Examples.RUN_CREATED)))
    @APIResponse(responseCode = "422", description = "Every broken rule, each with file, field and rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = Examples.PROBLEM_422)))
    @Guarded(group = RouteGroup.WRITE, action = "runs:start")
    public Response startJson(List<JsonNode> specs,
            @Parameter(description = MAX_TOKENS) @QueryParam("maxTokens") Long maxTokens,
            @Parameter(description = MAX_COST) @QueryParam("maxCost") String maxCost,
            @Parameter(description = PROFILE) @QueryParam("profile") List<String> profiles) {
        return start(SpecUploads.ofJson(specs), budget(maxTokens, maxCost), profiles);
    }

    private Response start(List<SpecSource> sources, Budget budget, List<String> profiles) {
        return created(runs.start(current.get(), sources, budget, profiles));
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay a run without calling any model",
            description = "Starts a new run with the plan of run {id}. Every model call of the new run is answered"
                    + " from the recording of run {id} (matched by agent and request digest); a request that was"
                    + " not recorded fails its task with a replay-miss reason. Tools run again, in the new run's"
                    + " own workspace.")
    @APIResponse(responseCode = "201", description = "The replay started",
            content = @Content(schema = @Schema(implementation = RunCreated.class),
                    examples = @ExampleObject(name = "started", value = Examples.RUN_CREATED)))
    @APIResponse(responseCode = "404", description = "No such run", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unknown run", value = Examples.PROBLEM_404_RUN)))
    @Guarded(group = RouteGroup.WRITE, action = "runs:replay")
    public Response replay(@PathParam("id") String id,
            @Parameter(description = MAX_TOKENS + " Defaults to the replayed run's.") @QueryParam("maxTokens")
            Long maxTokens,
            @Parameter(description = MAX_COST + " Defaults to the replayed run's.") @QueryParam("maxCost")
            String maxCost) {
        return created(runs.replay(current.get(), id,
                budget(maxTokens, maxCost)));
    }

    private static Response created(String runId) {
        return Response.created(URI.create("/api/v1/runs/" + runId)).type(MediaType.APPLICATION_JSON)
                .entity(new RunCreated(runId)).build();
    }

    private static Budget budget(Long maxTokens, String maxCost) {
        return maxTokens == null && maxCost == null ? null
                : new Budget(maxTokens, maxCost == null ? null : Money.parse("maxCost", maxCost));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List runs, filtered, a page at a time (admin)",
            description = "From the runs read model (docs/architecture.md#read-models): every run, finished ones"
                    + " included, in the order they started. Follow `next` to page on; pages stay stable while runs"
                    + " start. Each run lists its specs' versions (`specVersions`, `name@version`) and the digest it is"
                    + " pinned to (`specsSha256`). The listing reflects at least every write acknowledged before the"
                    + " call. Runs are the admin's, as `GET /api/v1/runs/{id}` is; `GET /api/v1/runs/{id}` has a run's"
                    + " details.")
    @APIResponse(responseCode = "200", description = "A page of runs", content = @Content(
            schema = @Schema(implementation = RunPage.class),
            examples = @ExampleObject(name = "runs", value = Examples.RUN_PAGE)))
    @APIResponse(responseCode = "400",
            description = "An unknown state, a specsSha256 not a SHA-256, a limit out of range, or a foreign cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "foreign cursor", value = Examples.PROBLEM_400_CURSOR)))
    @Guarded(group = RouteGroup.READ, action = "runs:read")
    public RunPage list(
            @Parameter(description = "Only runs in this state: running, completed, failed or cancelled")
            @QueryParam("state") String state,
            @Parameter(description = "Only runs with a spec (an agent) of this name (`notes`), or of this name and"
                    + " `metadata.version` (`notes@1.2.0`)") @QueryParam("spec") String spec,
            @Parameter(description = "Only runs pinned to this digest of their specs (the `specsSha256` of a run,"
                    + " 64 lower-case hex digits)") @QueryParam("specsSha256") String specsSha256,
            @Parameter(description = "The `next` of the previous page; none for the first") @QueryParam("cursor")
            String cursor,
            @Parameter(description = "Most runs per page (1-1000, default 100)") @QueryParam("limit") String limit) {
        return listing.page(current.get(), new RunListing.Filter(Optional.ofNullable(state), Optional.ofNullable(spec),
                Optional.ofNullable(specsSha256)), Optional.ofNullable(cursor), Optional.ofNullable(limit));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A run: state, budget, model usage, each agent's state and progress, waves and timings")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(
            schema = @Schema(implementation = RunDetails.class),
            examples = @ExampleObject(name = "completed", value = Examples.RUN_VIEW)))
    @APIResponse(responseCode = "404", description = "No such run", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unknown run", value = Examples.PROBLEM_404_RUN)))
    @Guarded(group = RouteGroup.READ, action = "runs:read")
    public RunDetails get(@PathParam("id") String id) {
        RunView run = runs.view(current.get(), id);
        List<RunView.AgentRunView> launched = run.agents().stream().filter(a -> a.agentId() != null).toList();
        RunUsage spent = usage.ofRunByAgent(id, launched.stream().map(RunView.AgentRunView::agentId).toList());
        Map<String, Usage> byAgent = new LinkedHashMap<>();
        launched.forEach(a -> byAgent.put(a.name(), spent.ofAgent(a.agentId())));
        return new RunDetails(run, spent.total(), byAgent);
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a run; its running agents are terminated")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "with a reason", value = Examples.CANCEL_REQUEST)))
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(
            schema = @Schema(implementation = RunView.class),
            examples = @ExampleObject(name = "cancelled", value = Examples.RUN_VIEW)))
    @APIResponse(responseCode = "404", description = "No such run")
    @APIResponse(responseCode = "409", description = "The run has already ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "ended run", value = Examples.PROBLEM_409_RUN)))
    @Guarded(group = RouteGroup.WRITE, action = "runs:cancel")
    public RunView cancel(@PathParam("id") String id, CancelRequest body) {
        return runs.cancel(current.get(), id, body == null ? null : body.reason());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The run's events so far: its own and its agents', in log order")
    @APIResponse(responseCode = "200", description = "The events",
            content = @Content(examples = @ExampleObject(name = "events", value = Examples.RUN_EVENTS)))
    @APIResponse(responseCode = "404", description = "No such run")
    @Guarded(group = RouteGroup.READ, action = "runs:events")
    public List<EventJson> events(@PathParam("id") String id) {
        Caller caller = current.get();
        List<StoredEvent> events = new ArrayList<>();
        for (String stream : runs.streamsOf(caller, id)) {
            long from = 1;
            EventQueries.Page page;
            do {
                page = queries.page(caller, from, EventQueries.MAX_PAGE, Optional.of(stream));
                events.addAll(page.events());
                from = page.next();
            } while (page.events().size() == EventQueries.MAX_PAGE);
        }
        events.sort(Comparator.comparingLong(StoredEvent::position));
        return events.stream().map(EventJson::of).toList();
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow the run's events as server-sent events",
            description = "Sends the run's stored events from `from`, then each new one as it commits.")
    @APIResponse(responseCode = "200", description = "An endless SSE stream; each event's data is a stored event",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    examples = @ExampleObject(name = "one event", value = Examples.SSE_EVENT)))
    @Guarded(group = RouteGroup.READ, action = "runs:events")
    public void follow(@PathParam("id") String id, @QueryParam("from") Long from,
            @Context SseEventSink sink, @Context Sse sseContext, @Context HttpServerRequest request) {
        Caller caller = current.get();
        runs.view(caller, id); // 404 before the stream opens
        long start = from == null ? 1 : Math.max(1, from);
        sse.pipe(sink, sseContext, request.response(), consumer -> queries.follow(caller, start, event -> {
            if (runs.belongsTo(id, event.streamId())) {
                consumer.accept(event);
            }
        }));
    }


}
