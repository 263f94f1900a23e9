package dev.toka.api;

import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.WorldState;
import dev.toka.readmodel.AgentListing;
import dev.toka.readmodel.AgentPage;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/agents}: the listing from the agents read model, one live agent from the world state, one the
 * world state let go of (terminated) from the read model. A caller
 * sees its own agent and its descendants; admin sees all.
 */
@Path("/api/v1/agents")
@Tag(name = "Agents", description = "The agents and their queued tasks")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    private final WorldState world;
    private final SecurityPolicyCoordinator security;
    private final CurrentCaller current;
    private final AgentListing listing;

    AgentsResource(WorldState world, SecurityPolicyCoordinator security, CurrentCaller current, AgentListing listing) {
        this.world = world;
        this.security = security;
        this.current = current;
        this.listing = listing;
    }

    @GET
    @Operation(summary = "List the agents the caller may see, filtered, a page at a time",
            description = "From the agents read model (docs/architecture.md#read-models): every agent ever spawned,"
                    + " terminated ones included, in the order they were spawned. Follow `next` to page on; pages stay"
                    + " stable while agents are spawned, so no agent is skipped or shown twice. The listing reflects at"
                    + " least every write acknowledged before the call. An admin sees all agents; a token its own agent"
                    + " and its descendants in its vault.")
    @APIResponse(responseCode = "200", description = "A page of agents",
            content = @Content(schema = @Schema(implementation = AgentPage.class),
                    examples = @ExampleObject(name = "agents", value = Examples.AGENT_PAGE)))
    @APIResponse(responseCode = "400", description = "An unknown state, a limit out of range, or a foreign cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "foreign cursor", value = Examples.PROBLEM_400_CURSOR)))
    @Guarded(group = RouteGroup.READ, action = "agents:read")
    public AgentPage list(
            @Parameter(description = "Only agents in this state: ready, running, suspended, completed, failed or"
                    + " terminated") @QueryParam("state") String state,
            @Parameter(description = "Only agents of this plugin type, e.g. script") @QueryParam("type") String type,
            @Parameter(description = "Only agents of this vault (tenant)") @QueryParam("vault") String vault,
            @Parameter(description = "Only the children of this agent") @QueryParam("parent") String parent,
            @Parameter(description = "The `next` of the previous page; none for the first") @QueryParam("cursor")
            String cursor,
            @Parameter(description = "Most agents per page (1-1000, default 100)") @QueryParam("limit") String limit) {
        return listing.page(current.get(), new AgentListing.Filter(Optional.ofNullable(state),
                Optional.ofNullable(type), Optional.ofNullable(vault), Optional.ofNullable(parent)),
                Optional.ofNullable(cursor), Optional.ofNullable(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One agent",
            description = "A live agent (and a terminated one with live descendants) from the world state; a"
                    + " terminated one from the agents read model, which holds its whole view"
                    + " (docs/architecture.md#memory). Either way the answer reflects at least every write"
                    + " acknowledged before the call.")
    @APIResponse(responseCode = "200", description = "The agent",
            content = @Content(schema = @Schema(implementation = AgentView.class),
                    examples = @ExampleObject(name = "agent", value = Examples.AGENT)))
    @APIResponse(responseCode = "404", description = "No such agent, or not one the caller may see")
    @Guarded(group = RouteGroup.READ, action = "agents:read")
    public AgentView get(@PathParam("id") String id) {
        Caller caller = current.get();
        Optional<AgentView> agent = world.holds(id)
                ? world.agent(id).filter(held -> security.canSee(caller, world.targetOf(held)))
                : listing.terminated(caller, id);
        return agent.orElseThrow(() -> new AgentNotFoundException(id));
    }
}
