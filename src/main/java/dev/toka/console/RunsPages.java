package dev.toka.console;

import dev.toka.orchestration.Runs;
import dev.toka.orchestration.SpecSource;
import dev.toka.readmodel.RunListing;
import dev.toka.readmodel.RunPage;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
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
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The runs: a filtered, paged list with a form that starts one, and each run's live dependency graph. */
@Path("/console/runs")
@Produces(MediaType.TEXT_HTML)
public class RunsPages {

    private final Runs runs;
    private final RunListing listing;
    private final ConsoleCaller current;
    private final ConsoleConfig config;

    RunsPages(Runs runs, RunListing listing, ConsoleCaller current, ConsoleConfig config) {
        this.runs = runs;
        this.listing = listing;
        this.current = current;
        this.config = config;
    }

    /**
     * A page of runs and the filters that chose it.
     *
     * @param page   The runs, from the runs read model.
     * @param state  The state filter, or empty.
     * @param spec   The spec-name filter, or empty.
     */
    record RunList(RunPage page, String state, String spec) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "runs:read")
    public TemplateInstance list(@QueryParam("state") String state, @QueryParam("spec") String spec,
            @QueryParam("cursor") String cursor) {
        RunPage page = listing.page(current.get(), new RunListing.Filter(blankToEmpty(state), blankToEmpty(spec)),
                blankToEmpty(cursor), Optional.of("25"));
        return Pages.runs(current.frame(), new RunList(page, Objects.toString(state, ""), Objects.toString(spec, "")));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @SignedIn(group = RouteGroup.WRITE, action = "runs:start")
    public Response start(@RestForm("files") List<FileUpload> files) {
        return toRun(runs.start(current.get(), specs(files), null, List.of()));
    }

    @GET
    @Path("/{id}")
    @SignedIn(group = RouteGroup.READ, action = "runs:read")
    public TemplateInstance run(@PathParam("id") String id) {
        return Pages.run(current.frame(), graph(id));
    }

    @GET
    @Path("/{id}/graph")
    @SignedIn(group = RouteGroup.READ, action = "runs:read")
    public TemplateInstance graphFragment(@PathParam("id") String id) {
        return Pages.run$graph(graph(id));
    }

    /**
     * Tells the page, as server-sent events, when the run's graph changed: a {@code changed} event at most
     * once per {@link ConsoleConfig#liveInterval()}, however many agents changed meanwhile, so a run of a
     * thousand agents costs the page one redraw per interval rather than one per event; then {@code ended}
     * once the run has, and the stream closes.
     */
    @GET
    @Path("/{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @SignedIn(group = RouteGroup.READ, action = "runs:events")
    public Multi<OutboundSseEvent> live(@PathParam("id") String id, @Context Sse sse) {
        Caller caller = current.get();
        runs.view(caller, id); // 403 or 404 before the stream opens
        RunFingerprint seen = new RunFingerprint();
        return Multi.createFrom().ticks().every(config.liveInterval())
                .onOverflow().drop()
                .map(tick -> runs.view(caller, id))
                .select().first(view -> !seen.ended())
                .select().where(seen::changed)
                .map(view -> sse.newEventBuilder().name(view.finishedAt() == null ? "changed" : "ended")
                        .data(view.state()).build());
    }

    @POST
    @Path("/{id}/cancel")
    @SignedIn(group = RouteGroup.WRITE, action = "runs:cancel")
    public Response cancel(@PathParam("id") String id) {
        runs.cancel(current.get(), id, "cancelled in the console by " + current.session().subject());
        return toRun(id);
    }

    @POST
    @Path("/{id}/replay")
    @SignedIn(group = RouteGroup.WRITE, action = "runs:replay")
    public Response replay(@PathParam("id") String id) {
        return toRun(runs.replay(current.get(), id, null));
    }

    private RunGraph graph(String id) {
        return RunGraph.of(runs.view(current.get(), id), Instant.now());
    }

    /** After an action, the browser goes to the run's page (htmx follows HX-Redirect with a full load). */
    private static Response toRun(String id) {
        return Response.ok().header("HX-Redirect", "/console/runs/" + id).build();
    }

    private static List<SpecSource> specs(List<FileUpload> files) {
        if (files == null || files.isEmpty()) {
            throw new ConsoleInputException("files", "must hold at least one YAML spec file");
        }
        List<SpecSource> sources = new ArrayList<>(files.size());
        for (FileUpload file : files) {
            try {
                sources.add(new SpecSource(file.fileName(), Files.readString(file.uploadedFile())));
            } catch (CharacterCodingException e) {
                throw new ConsoleInputException("files", "must be UTF-8 text; '" + file.fileName() + "' is not");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the uploaded file " + file.fileName(), e);
            }
        }
        return sources;
    }

    static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
