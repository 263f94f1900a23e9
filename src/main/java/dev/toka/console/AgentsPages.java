package dev.toka.console;

import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.EventQueries;
import dev.toka.kernel.Kernel;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.Operation;
import dev.toka.kernel.ResumeAgent;
import dev.toka.kernel.SuspendAgent;
import dev.toka.kernel.TerminateAgent;
import dev.toka.kernel.WorldState;
import dev.toka.llm.UsageLedger;
import dev.toka.readmodel.AgentListing;
import dev.toka.readmodel.AgentPage;
import dev.toka.readmodel.AgentSummary;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agents the caller may see, as a lineage tree, and each agent's timeline with suspend, resume
 * and terminate. Visibility and every action are the coordinator's decisions, as through the API: a
 * token sees its own agent and its descendants in its vault, and another's agent is "not found".
 */
@Path("/console/agents")
@Produces(MediaType.TEXT_HTML)
public class AgentsPages {

    /** Most events the timeline reads around an agent's own, looking for its tool and model calls. */
    static final int MAX_SCANNED_EVENTS = 20_000;

    private final AgentListing listing;
    private final WorldState world;
    private final SecurityPolicyCoordinator security;
    private final EventQueries queries;
    private final EventCodec codec;
    private final UsageLedger usage;
    private final Kernel kernel;
    private final ConsoleCaller current;

    AgentsPages(AgentListing listing, WorldState world, SecurityPolicyCoordinator security, EventQueries queries,
            EventCodec codec, UsageLedger usage, Kernel kernel, ConsoleCaller current) {
        this.listing = listing;
        this.world = world;
        this.security = security;
        this.queries = queries;
        this.codec = codec;
        this.usage = usage;
        this.kernel = kernel;
        this.current = current;
    }

    /**
     * The tree: agents in lineage order, each with its depth below the root shown.
     *
     * @param rows   The agents.
     * @param state  The state filter, or empty.
     * @param vault  The vault filter, or empty.
     * @param next   The cursor of the next page, or {@code null}.
     */
    record AgentList(List<TreeRow> rows, String state, String vault, String next) {}

    /** One agent in the tree, its state in lower case; {@code depth} is capped at 8 for drawing. */
    record TreeRow(AgentSummary agent, int depth, String state) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "agents:read")
    public TemplateInstance list(@QueryParam("state") String state, @QueryParam("vault") String vault,
            @QueryParam("cursor") String cursor) {
        AgentPage page = listing.page(current.get(), new AgentListing.Filter(RunsPages.blankToEmpty(state),
                Optional.empty(), RunsPages.blankToEmpty(vault), Optional.empty()),
                RunsPages.blankToEmpty(cursor), Optional.of("500"));
        return Pages.agents(current.frame(), new AgentList(tree(page.agents()), Objects.toString(state, ""),
                Objects.toString(vault, ""), page.next()));
    }

    @GET
    @Path("/{id}")
    @SignedIn(group = RouteGroup.READ, action = "agents:read")
    public TemplateInstance agent(@PathParam("id") String id) {
        Caller caller = current.get();
        AgentView agent = visible(caller, id);
        List<StoredEvent> own = ownEvents(caller, id);
        AgentTimeline.Builder timeline = new AgentTimeline.Builder(codec, id);
        boolean truncated = false;
        if (!own.isEmpty()) {
            long last = own.get(own.size() - 1).position();
            long from = own.get(0).position();
            int scanned = 0;
            while (from <= last && scanned < MAX_SCANNED_EVENTS) {
                EventQueries.Page page = queries.page(caller, from, EventQueries.MAX_PAGE, Optional.empty());
                page.events().stream().filter(event -> event.position() <= last).forEach(timeline::accept);
                scanned += EventQueries.MAX_PAGE;
                if (page.next() == from) {
                    break;
                }
                from = page.next();
            }
            truncated = from <= last;
        }
        return Pages.agent(current.frame(), timeline.build(agent, usage.ofAgent(agent), truncated, Instant.now()));
    }

    @POST
    @Path("/{id}/suspend")
    @SignedIn(group = RouteGroup.WRITE, action = "operation")
    public Response suspend(@PathParam("id") String id) {
        return act(id, new SuspendAgent(id));
    }

    @POST
    @Path("/{id}/resume")
    @SignedIn(group = RouteGroup.WRITE, action = "operation")
    public Response resume(@PathParam("id") String id) {
        return act(id, new ResumeAgent(id));
    }

    @POST
    @Path("/{id}/terminate")
    @SignedIn(group = RouteGroup.WRITE, action = "operation")
    public Response terminate(@PathParam("id") String id) {
        return act(id, new TerminateAgent(id, "terminated in the console by " + current.session().subject()));
    }

    /** The operation goes through the kernel, which asks the coordinator, exactly as the API's would. */
    private Response act(String id, Operation operation) {
        kernel.submit(current.get(), operation);
        return Response.ok().header("HX-Redirect", "/console/agents/" + id).build();
    }

    private AgentView visible(Caller caller, String id) {
        return world.agent(id).filter(agent -> security.canSee(caller, world.targetOf(agent)))
                .orElseThrow(() -> new AgentNotFoundException(id));
    }

    private List<StoredEvent> ownEvents(Caller caller, String id) {
        List<StoredEvent> events = new ArrayList<>();
        long from = 1;
        EventQueries.Page page;
        do {
            page = queries.page(caller, from, EventQueries.MAX_PAGE, Optional.of(KernelEvent.AGENT_STREAM_PREFIX + id));
            events.addAll(page.events());
            from = page.next();
        } while (page.events().size() == EventQueries.MAX_PAGE);
        return events;
    }

    /** The agents in lineage order: each parent followed by its children; an agent whose parent is not shown is a root. */
    static List<TreeRow> tree(List<AgentSummary> agents) {
        Set<String> shown = agents.stream().map(AgentSummary::id).collect(Collectors.toSet());
        Map<String, List<AgentSummary>> children = new LinkedHashMap<>();
        List<AgentSummary> roots = new ArrayList<>();
        for (AgentSummary agent : agents) {
            if (agent.parent() != null && shown.contains(agent.parent())) {
                children.computeIfAbsent(agent.parent(), parent -> new ArrayList<>()).add(agent);
            } else {
                roots.add(agent);
            }
        }
        List<TreeRow> rows = new ArrayList<>(agents.size());
        roots.forEach(root -> walk(root, 0, children, rows));
        return rows;
    }

    private static void walk(AgentSummary agent, int depth, Map<String, List<AgentSummary>> children,
            List<TreeRow> rows) {
        rows.add(new TreeRow(agent, Math.min(depth, 8), agent.state().name().toLowerCase(Locale.ROOT)));
        children.getOrDefault(agent.id(), List.of()).forEach(child -> walk(child, depth + 1, children, rows));
    }
}
