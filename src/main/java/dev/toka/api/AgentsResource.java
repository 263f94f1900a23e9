package dev.toka.api;

import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.WorldState;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/agents}: the world-state projection. A caller sees its own agent and its descendants; admin sees all. */
@Path("/api/v1/agents")
@Tag(name = "Agents", description = "The agents and their queued tasks")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    private final WorldState world;
    private final SecurityPolicyCoordinator security;
    private final CurrentCaller current;

    AgentsResource(WorldState world, SecurityPolicyCoordinator security, CurrentCaller current) {
        this.world = world;
        this.security = security;
        this.current = current;
    }

    @GET
    @Operation(summary = "List the agents the caller may see")
    @APIResponse(responseCode = "200", description = "The agents, sorted by name",
            content = @Content(schema = @Schema(implementation = AgentView.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY),
                    examples = @ExampleObject(name = "agents", value = "[" + Examples.AGENT + "]")))
    @Guarded(group = RouteGroup.READ, action = "agents:read")
    public List<AgentView> list() {
        Caller caller = current.get();
        return world.agents().stream().filter(agent -> security.canSee(caller, world.targetOf(agent))).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One agent")
    @APIResponse(responseCode = "200", description = "The agent",
            content = @Content(schema = @Schema(implementation = AgentView.class),
                    examples = @ExampleObject(name = "agent", value = Examples.AGENT)))
    @APIResponse(responseCode = "404", description = "No such agent, or not one the caller may see")
    @Guarded(group = RouteGroup.READ, action = "agents:read")
    public AgentView get(@PathParam("id") String id) {
        Caller caller = current.get();
        return world.agent(id)
                .filter(agent -> security.canSee(caller, world.targetOf(agent)))
                .orElseThrow(() -> new AgentNotFoundException(id));
    }
}
