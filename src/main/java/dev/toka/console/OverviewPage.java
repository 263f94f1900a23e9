package dev.toka.console;

import dev.toka.kernel.AgentStatus;
import dev.toka.kernel.EventQueries;
import dev.toka.kernel.WorldState;
import dev.toka.readmodel.RunListing;
import dev.toka.readmodel.RunPage;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.ChainCheckpoints;
import dev.toka.store.ChainHead;
import dev.toka.store.ChainVerification;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The overview: operations per second, runs by state, running agents and the chain's status. A token
 * holder's overview shows only its own agents; the runs and the chain are the admin's, as in the API.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    private static final List<String> RUN_STATES = List.of("running", "completed", "failed", "cancelled");
    private static final int MOST_AGENTS_SHOWN = 50;

    private final WorldState world;
    private final SecurityPolicyCoordinator security;
    private final RunListing runs;
    private final EventQueries queries;
    private final ChainCheckpoints checkpoints;
    private final OperationRate rate;
    private final ConsoleCaller current;

    OverviewPage(WorldState world, SecurityPolicyCoordinator security, RunListing runs, EventQueries queries,
            ChainCheckpoints checkpoints, OperationRate rate, ConsoleCaller current) {
        this.world = world;
        this.security = security;
        this.runs = runs;
        this.queries = queries;
        this.checkpoints = checkpoints;
        this.rate = rate;
        this.current = current;
    }

    /**
     * What the overview shows.
     *
     * @param operationsPerSecond Operations per second over the last ten seconds, formatted.
     * @param runsByState         How many runs are in each state (admin only, else empty).
     * @param runningAgents       Running agents the caller may see, at most 50.
     * @param chain               The last verified checkpoint (admin only, else {@code null}).
     * @param verdict             The answer of a verification just made, or {@code null}.
     */
    record Overview(String operationsPerSecond, List<RunCount> runsByState, List<RunningAgent> runningAgents,
            ChainHead chain, String verdict) {}

    /** How many runs are in a state; {@code more} when there are more than one page of them. */
    record RunCount(String state, int runs, boolean more) {}

    /** A running agent. */
    record RunningAgent(String id, String name, String vault, String task) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "console:overview")
    public TemplateInstance overview() {
        return Pages.overview(current.frame(), overview(null));
    }

    @GET
    @Path("/overview/live")
    @SignedIn(group = RouteGroup.READ, action = "console:overview")
    public TemplateInstance live() {
        return Pages.overview$live(overview(null));
    }

    @POST
    @Path("/chain/verify")
    @SignedIn(group = RouteGroup.READ, action = "events:verify")
    public TemplateInstance verify() {
        ChainVerification check = queries.verify(current.get(), true).verification();
        String verdict = check.ok()
                ? "Intact: " + check.checked() + " events checked, head at position " + check.head().position()
                : "BROKEN at position " + check.firstBadPosition().orElse(-1);
        return Pages.overview(current.frame(), overview(verdict));
    }

    private Overview overview(String verdict) {
        Caller caller = current.get();
        boolean admin = caller.principal().isAdmin();
        List<RunningAgent> running = world.agents().stream()
                .filter(agent -> agent.state() == AgentStatus.RUNNING)
                .filter(agent -> security.canSee(caller, world.targetOf(agent)))
                .limit(MOST_AGENTS_SHOWN)
                .map(agent -> new RunningAgent(agent.id(), agent.name(), agent.vault(),
                        agent.running() == null ? "" : agent.running().taskId()))
                .toList();
        return new Overview(String.format(Locale.ROOT, "%.1f", rate.perSecond()),
                admin ? runCounts(caller) : List.of(), running,
                admin ? checkpoints.last().orElse(ChainHead.EMPTY) : null, verdict);
    }

    private List<RunCount> runCounts(Caller caller) {
        return RUN_STATES.stream().map(state -> {
            RunPage page = runs.page(caller, new RunListing.Filter(Optional.of(state), Optional.empty()),
                    Optional.empty(), Optional.of("1000"));
            return new RunCount(state, page.runs().size(), page.next() != null);
        }).toList();
    }
}
